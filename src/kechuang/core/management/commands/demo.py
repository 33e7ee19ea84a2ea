import importlib
import importlib.util
import time

from django.apps import apps
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.management.base import TranslatedCommand
from kechuang.core.models import Membership, Organization
from kechuang.core.reference import load_reference_data
from kechuang.core.synthetic import DEMO_PASSWORD, generate_district


class Command(TranslatedCommand):
    help = gettext_lazy("演示环境：建库、载入基础数据与模拟区县数据，打印网址与各角色演示账号，然后启动服务")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--enterprises", type=int, default=300)
        parser.add_argument("--no-serve", action="store_true", help=_("只准备数据，不启动服务"))

    def handle(self, *args, port, enterprises, no_serve, **options):
        self.stdout.write(_("正在初始化数据库……"))
        call_command("migrate", interactive=False, verbosity=0)
        load_reference_data()
        accounts = []
        started = time.monotonic()
        if not Organization.objects.exists():
            self.stdout.write(_("正在生成演示数据……"))
            district = generate_district(seed=1, enterprises=enterprises)
            accounts = district.accounts
            # Each app may ship demo content (plans, ingested seeds …) in a `demo` module.
            for config in apps.get_app_configs():
                if config.name.startswith("kechuang.") and importlib.util.find_spec(f"{config.name}.demo"):
                    importlib.import_module(f"{config.name}.demo").load(district, stdout=self.stdout)
            self.stdout.write(_("演示数据已就绪，用时 %(seconds)s 秒。") % {"seconds": f"{time.monotonic() - started:.1f}"})
        else:
            accounts = [
                (m.get_role_display(), m.user.username, m.organization.name)
                for m in Membership.objects.select_related("user", "organization").order_by("id")[:10]
            ]
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS("\n" + _("科创演示环境：%(url)s") % {"url": url}))
        self.stdout.write(_("演示账号（密码均为 %(password)s）：") % {"password": DEMO_PASSWORD})
        for line in account_lines(accounts):
            self.stdout.write(line)
        if not no_serve:
            call_command("serve", port=port)


SHOWN_PER_ROLE = 3


def account_lines(accounts: list[tuple[str, str, str]]) -> list[str]:
    """One line per login, at most SHOWN_PER_ROLE per role; the rest of a role named in one line."""
    by_role: dict[str, list[tuple[str, str]]] = {}
    for label, username, organization in accounts:
        by_role.setdefault(str(label), []).append((username, organization))
    lines = []
    for label, logins in by_role.items():
        for username, organization in logins[:SHOWN_PER_ROLE]:
            lines.append(f"  {label:<10} {username:<12} {organization}")
        rest = [username for username, _organization in logins[SHOWN_PER_ROLE:]]
        if rest:
            lines.append("  " + _("另有 %(count)s 个%(role)s账号：%(usernames)s") % {
                "count": len(rest), "role": label, "usernames": _("、").join(rest),
            })
    return lines
