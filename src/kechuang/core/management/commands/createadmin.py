import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.choices import OrganizationKind, Role
from kechuang.core.management.base import TranslatedCommand
from kechuang.core.models import Organization
from kechuang.core.services import add_membership, create_user


class Command(TranslatedCommand):
    help = gettext_lazy("创建科技局管理员账号（如无科技局单位则一并创建）")

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", help=_("不提供则交互输入"))
        parser.add_argument("--name", default="", help=_("姓名"))
        parser.add_argument("--bureau", default=_("科技局"), help=_("科技局单位名称"))

    def handle(self, *args, username, password, name, bureau, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(_("用户名“%(username)s”已存在。") % {"username": username})
        if not password:
            password = getpass.getpass(_("密码："))
            if password != getpass.getpass(_("再次输入密码：")):
                raise CommandError(_("两次输入的密码不一致。"))
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(_("；").join(exc.messages)) from exc
        organization = Organization.objects.filter(name=bureau).first()
        if organization is None:
            organization = Organization.objects.create(name=bureau, kind=OrganizationKind.GOVERNMENT)
        user = create_user(username=username, password=password, display_name=name)
        add_membership(user=user, organization=organization, role=Role.BUREAU_ADMIN)
        self.stdout.write(_("已创建科技局管理员 %(username)s（%(unit)s）。") % {"username": username, "unit": organization.name})
