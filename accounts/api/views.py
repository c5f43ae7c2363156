from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet

from .. import services
from ..filtersets import AccountFilterSet
from ..lockout import lockout_message
from ..models import TemporaryPassword
from ..selectors import accounts_with_state
from .serializers import AccountCreatedSerializer, AccountSerializer, RevokedSerializer, TemporaryPasswordSerializer


def _roles(data):
    return [(role["organisation"], role["kind"]) for role in data]


class AccountViewSet(ScopedModelViewSet):
    """Accounts whose roles all lie in the caller's subtree (their own and superusers' excepted). A manager
    creates accounts with roles at organisations in their write scope and of a kind no higher than their own
    there; the create answer carries the one-time `temporary_password`. `roles` on update replaces the list."""

    queryset = accounts_with_state()
    serializer_class = AccountSerializer
    filterset_class = AccountFilterSet

    def _call(self, service, **kwargs):
        try:
            return service(actor=self.request.user, **kwargs)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc

    def perform_create(self, serializer):
        data = serializer.validated_data
        account = self._call(
            services.account_create_with_roles,
            username=data["username"],
            full_name=data.get("first_name", ""),
            is_active=data.get("is_active", True),
            roles=_roles(data["roles"]),
        )
        serializer.instance = account

    @extend_schema(responses={201: AccountCreatedSerializer})
    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data["temporary_password"] = response.data.serializer.instance.issued_password
        response["Cache-Control"] = "no-store"
        return response

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        roles = data.pop("roles", None)
        account = serializer.instance
        for key, value in data.items():
            setattr(account, key, value)
        self._call(services.account_update, instance=account)
        if roles is not None:
            self._call(services.account_roles_set, account=account, roles=_roles(roles))
        serializer.instance = self.get_queryset().get(pk=account.pk)

    @extend_schema(request=None, responses=TemporaryPasswordSerializer)
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request, pk=None):
        """A one-time temporary password for the account (its tokens and sessions end; any lock-out is lifted)."""
        password = self._call(services.account_password_reset, account=self.get_object())
        response = Response({"temporary_password": password})
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        """Lift a lock-out after too many failed logins."""
        self._call(services.account_unlock, account=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=RevokedSerializer)
    @action(detail=True, methods=["post"], url_path="revoke-tokens")
    def revoke_tokens(self, request, pk=None):
        """Revoke the account's API tokens."""
        count = self._call(services.account_tokens_revoke, account=self.get_object())
        return Response({"revoked": count})


class TokenView(ObtainAuthToken):
    """`POST` username and password for a token; `DELETE` (authenticated) revokes the caller's own token.

    Failed attempts count towards the same lock-out as the login page (django-axes), and a locked-out user is
    told so, not given the generic bad-credentials message. A temporary password must first be changed in the
    browser."""

    def get_serializer_context(self):
        # django-axes reads the client address and records failures on the Django request.
        return {**super().get_serializer_context(), "request": self.request._request}

    def _locked(self, request):
        from axes.handlers.proxy import AxesProxyHandler

        username = request.data.get("username") if hasattr(request.data, "get") else None
        return AxesProxyHandler.is_locked(request._request, {"username": username})

    @extend_schema(
        responses={
            200: inline_serializer("TokenAnswer", {"token": serializers.CharField()}),
            429: OpenApiResponse(description="该账号因多次登录失败已被暂时锁定。"),
        }
    )
    def post(self, request, *args, **kwargs):
        if self._locked(request):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if self._locked(request):
                return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        if TemporaryPassword.pending_for(user):
            raise exceptions.PermissionDenied(
                _("您正在使用上级发放的临时密码，请先在网页登录并设置新密码，再申请接口令牌。")
            )
        from rest_framework.authtoken.models import Token

        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={200: RevokedSerializer})
    def delete(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return Response({"revoked": services.account_tokens_revoke(actor=request.user, account=request.user)})


token_view = TokenView.as_view()
