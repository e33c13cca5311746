"""Pages of signing in: the second-factor code, adding an authenticator app, the account page (API tokens,
recovery codes), and Django's password change and reset views with the portal's follow-up (tokens revoked,
the change logged).

Views are thin: a form checks the input's shape, a service of ``signin.services`` does the work.
"""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from qazeta.accounts.services import AccountError

from . import selectors, services
from .client import client_of
from .forms import AuthenticatorConfirmForm, SecondFactorForm
from .policy import second_factor_required


def _next_url(request: HttpRequest) -> str:
    """The page to go on to after the second factor: ``next`` when it is on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _is_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _mark_verified(request: HttpRequest, device: object) -> None:
    otp_login(request, device)
    # A new session key for the raised privilege, as Django does on login (session fixation).
    request.session.cycle_key()


# ----------------------------------------------------------------------------------------------- second factor
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password, staff type the code of their authenticator app (or a recovery code)."""
    if _is_verified(request):
        return redirect(_next_url(request))
    if selectors.authenticator_of(request.user) is None:
        if second_factor_required(request.user):
            return redirect(f"{reverse_lazy('two-factor-setup')}?{request.GET.urlencode()}")
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_verify(
            user=request.user, code=form.cleaned_data["code"], client=client_of(request)
        )
        if check.device is not None:
            _mark_verified(request, check.device)
            return redirect(_next_url(request))
        if check.retry_after is not None:
            form.add_error("code", _("Too many wrong codes: wait a few seconds, then type the current code."))
        else:
            form.add_error("code", _("This code is not right. Type the code your app shows now."))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


def _qr_svg(text: str) -> str:
    """An inline SVG QR code of ``text`` (no image request, no inline script)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def authenticator_secret(device: TOTPDevice) -> str:
    """The device's key in base32, as authenticator apps take it when typed in (no padding, groups of four)."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the secret), confirm with a first code, get the
    recovery codes once. Staff without an app are sent here after their password."""
    if selectors.authenticator_of(request.user) is not None:
        if not _is_verified(request):
            return redirect(f"{reverse_lazy('two-factor-verify')}?{request.GET.urlencode()}")
        messages.info(request, _("You already have an authenticator app."))
        return redirect("account")
    device = services.second_factor_enrol_start(user=request.user)
    form = AuthenticatorConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device, codes = services.second_factor_enrol_confirm(
                    user=request.user, code=form.cleaned_data["code"], client=client_of(request)
                )
            except AccountError as exc:
                form.add_error(exc.field or None, exc.message)
            else:
                _mark_verified(request, device)
                return render(
                    request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request), "new": True}
                )
    context = {
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - SVG built by qrcode from our own URI
        "secret": authenticator_secret(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@login_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working); the new ones are shown once."""
    if selectors.authenticator_of(request.user) is None or not _is_verified(request):
        messages.error(request, _("Add an authenticator app first."))
        return redirect("account")
    codes = services.recovery_codes_new(user=request.user, client=client_of(request))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse_lazy("account")})


# ----------------------------------------------------------------------------------------------- account page
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The account page: password, second factor and recovery codes, API tokens with their devices."""
    user = request.user
    context = {
        "tokens": selectors.api_tokens_of(user),
        "authenticator": selectors.authenticator_of(user),
        "recovery_codes_left": selectors.recovery_codes_left(user),
        "second_factor_required": second_factor_required(user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    """Revoke one API token of the user (by the first characters of the token, which the page shows)."""
    tokens = [t for t in selectors.api_tokens_of(request.user) if t.token_key == token_key]
    if not tokens:
        raise Http404("No such token of yours.")  # another user's token is not even named
    for token in tokens:
        services.api_token_revoke(user=request.user, token=token, client=client_of(request))
    messages.success(request, _("The token of %(device)s is revoked.") % {"device": tokens[0].device_name})
    return redirect("account")


@login_required
@require_POST
def api_tokens_revoke_all(request: HttpRequest) -> HttpResponse:
    """Revoke every API token of the user."""
    count = services.api_tokens_revoke_all(user=request.user, client=client_of(request), reason="revoked all")
    messages.success(request, _("%(count)d API tokens revoked.") % {"count": count})
    return redirect("account")


# ----------------------------------------------------------------------------------------------- passwords
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the validators with the user); then every API
    token is revoked and the change is logged. Django keeps this session and ends the others."""

    template_name = "registration/password_change_form.html"

    def form_valid(self, form):  # noqa: ANN001, ANN201
        response = super().form_valid(form)
        services.password_changed(user=form.user, client=client_of(self.request), by_reset=False)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request: the same answer whether or not the address belongs to an account; the e-mail
    goes through the normal e-mail backend with a link valid for ``PASSWORD_RESET_TIMEOUT`` (1 hour)."""

    template_name = "registration/password_reset_form.html"

    def get_extra_email_context(self) -> dict[str, str]:
        return {"site_url": settings.SITE_URL.rstrip("/")}

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        self.extra_email_context = self.get_extra_email_context()
        return super().dispatch(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password form behind the e-mailed link; then every API token is revoked and the reset is
    logged. The user is not signed in: they sign in with the new password (and staff with their code)."""

    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):  # noqa: ANN001, ANN201
        response = super().form_valid(form)
        services.password_changed(user=form.user, client=client_of(self.request), by_reset=True)
        return response
