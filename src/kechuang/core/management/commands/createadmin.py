import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kechuang.core.choices import OrganizationKind, Role
from kechuang.core.models import Organization
from kechuang.core.services import add_membership, create_user


class Command(BaseCommand):
    help = "创建科技局管理员账号（如无科技局单位则一并创建）"

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", help="不提供则交互输入")
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--bureau", default="科技局", help="科技局单位名称")

    def handle(self, *args, username, password, name, bureau, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户名“{username}”已存在。")
        if not password:
            password = getpass.getpass("密码：")
            if password != getpass.getpass("再次输入密码："):
                raise CommandError("两次输入的密码不一致。")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        organization = Organization.objects.filter(name=bureau).first()
        if organization is None:
            organization = Organization.objects.create(name=bureau, kind=OrganizationKind.GOVERNMENT)
        user = create_user(username=username, password=password, display_name=name)
        add_membership(user=user, organization=organization, role=Role.BUREAU_ADMIN)
        self.stdout.write(f"已创建科技局管理员 {username}（{organization.name}）。")
