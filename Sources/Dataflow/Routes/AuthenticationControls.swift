/// What Taintline knows about security controls, as data: the decorators, mixins,
/// permission classes, dependencies and calls by which the supported frameworks and their
/// usual extensions authenticate, authorise, protect against CSRF and limit rates. Names are
/// qualified (after imports are resolved). Shared by the threat model (which also judges a
/// project's own decorators by what their code does, `AuthenticationAnalysis.swift`) and the
/// access-control rules (`RouteAuthentication`).
package enum Controls {
    /// What a decorator, class or dependency does for access control.
    package enum Effect: Sendable, Equatable {
        /// Requires an authenticated user.
        case authenticates
        /// Requires an authenticated user with a role or permission.
        case authorises
        /// Requires authentication for unsafe methods only (DRF's `IsAuthenticatedOrReadOnly`).
        case authenticatesWrites
        /// Declares the view open to anyone.
        case allowsAnyone
        /// Authenticates when credentials are sent, lets anonymous requests through.
        case optional
    }

    // MARK: Authentication and authorisation

    /// View decorators of the frameworks and their extensions.
    package static let decorators: [String: Effect] = [
        "flask_login.login_required": .authenticates, "flask_login.utils.login_required": .authenticates,
        "flask_login.fresh_login_required": .authenticates, "flask_login.utils.fresh_login_required": .authenticates,
        "django.contrib.auth.decorators.login_required": .authenticates,
        "django.contrib.auth.decorators.permission_required": .authorises,
        "django.contrib.auth.decorators.user_passes_test": .authorises,
        "django.contrib.admin.views.decorators.staff_member_required": .authorises,
        "django.contrib.auth.decorators.login_not_required": .allowsAnyone,
        "flask_jwt_extended.jwt_required": .authenticates, "flask_jwt_extended.view_decorators.jwt_required": .authenticates,
        "flask_jwt_extended.fresh_jwt_required": .authenticates, "flask_jwt_extended.jwt_optional": .optional,
        "flask_jwt.jwt_required": .authenticates,
        "flask_security.login_required": .authenticates, "flask_security.auth_required": .authenticates,
        "flask_security.decorators.auth_required": .authenticates, "flask_security.decorators.login_required": .authenticates,
        "flask_security.http_auth_required": .authenticates, "flask_security.auth_token_required": .authenticates,
        "flask_security.roles_required": .authorises, "flask_security.roles_accepted": .authorises,
        "flask_security.decorators.roles_required": .authorises, "flask_security.decorators.roles_accepted": .authorises,
        "flask_security.permissions_required": .authorises, "flask_security.permissions_accepted": .authorises,
        "flask_praetorian.auth_required": .authenticates, "flask_praetorian.roles_required": .authorises,
        "flask_praetorian.roles_accepted": .authorises,
        "rest_framework.decorators.permission_classes": .authenticates,
    ]

    /// Objects whose `login_required` method is a view decorator (Flask-HTTPAuth); with a
    /// `role=` keyword it also authorises.
    package static let authenticators: Set<String> = [
        "flask_httpauth.HTTPBasicAuth", "flask_httpauth.HTTPTokenAuth", "flask_httpauth.HTTPDigestAuth", "flask_httpauth.MultiAuth",
    ]
    package static let authenticatorMethods: Set<String> = ["login_required"]

    /// Decorator names recognised when the decorator cannot be resolved to a library or to
    /// project code (imported from an unscanned package): the model says it judged by the name.
    package static let authenticationNames: Set<String> = [
        "login_required", "jwt_required", "auth_required", "token_required", "requires_auth", "authenticated", "api_key_required",
        "fresh_login_required", "login_required_json", "require_login", "requires_login",
    ]
    package static let authorisationNames: Set<String> = [
        "admin_required", "roles_required", "roles_accepted", "permission_required", "permissions_required", "staff_member_required",
        "superuser_required", "requires_role", "role_required", "require_role", "staff_required", "requires_permission",
    ]

    /// Django class-based-view mixins.
    package static let mixins: [String: Effect] = [
        "django.contrib.auth.mixins.LoginRequiredMixin": .authenticates,
        "django.contrib.auth.mixins.PermissionRequiredMixin": .authorises,
        "django.contrib.auth.mixins.UserPassesTestMixin": .authorises,
        "braces.views.LoginRequiredMixin": .authenticates, "braces.views.StaffuserRequiredMixin": .authorises,
        "braces.views.SuperuserRequiredMixin": .authorises, "braces.views.GroupRequiredMixin": .authorises,
    ]

    /// Django REST framework's permission classes.
    package static let permissionClasses: [String: Effect] = [
        "rest_framework.permissions.IsAuthenticated": .authenticates,
        "rest_framework.permissions.IsAdminUser": .authorises,
        "rest_framework.permissions.IsAuthenticatedOrReadOnly": .authenticatesWrites,
        "rest_framework.permissions.DjangoModelPermissions": .authorises,
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly": .authenticatesWrites,
        "rest_framework.permissions.DjangoObjectPermissions": .authorises,
        "rest_framework.permissions.AllowAny": .allowsAnyone,
    ]
    /// DRF's base class for a project's own permission classes.
    package static let permissionBases: Set<String> = ["rest_framework.permissions.BasePermission"]

    /// Middleware that requires a login for every view (Django 5.1), unless `login_not_required`.
    package static let loginMiddleware: Set<String> = ["django.contrib.auth.middleware.LoginRequiredMiddleware"]

    /// FastAPI security schemes: an instance used as a dependency reads credentials, and
    /// rejects a request without them (401) unless built with `auto_error=False`.
    package static let securitySchemes: Set<String> = [
        "OAuth2PasswordBearer", "OAuth2AuthorizationCodeBearer", "OAuth2", "HTTPBearer", "HTTPBasic", "HTTPDigest",
        "APIKeyHeader", "APIKeyCookie", "APIKeyQuery", "OpenIdConnect",
    ]
    package static let securityModule = "fastapi.security"

    /// Calls that log a user in or issue a token: the entry point is a login.
    package static let loginCalls: Set<String> = [
        "flask_login.login_user", "flask_login.utils.login_user", "django.contrib.auth.login", "django.contrib.auth.authenticate",
        "flask_jwt_extended.create_access_token", "flask_jwt_extended.create_refresh_token", "jwt.encode",
        "flask_security.login_user", "flask_security.utils.login_user", "rest_framework_simplejwt.tokens.RefreshToken.for_user",
        "rest_framework.authtoken.models.Token.objects.get_or_create",
    ]

    /// Functions and exceptions whose first argument is the status they end a request with:
    /// `abort(401)`, `raise HTTPException(403)` (a `status=`/`status_code=` keyword counts on any call).
    package static let abortCalls: Set<String> = [
        "flask.abort", "werkzeug.exceptions.abort", "quart.abort", "bottle.abort", "fastapi.HTTPException", "fastapi.exceptions.HTTPException",
        "starlette.exceptions.HTTPException", "sanic.exceptions.SanicException",
    ]
    /// Exceptions and responses that mean "not authenticated" (401) or "forbidden" (403) by themselves.
    package static let rejections: [String: Int] = [
        "werkzeug.exceptions.Unauthorized": 401, "werkzeug.exceptions.Forbidden": 403,
        "django.core.exceptions.PermissionDenied": 403, "django.http.HttpResponseForbidden": 403,
        "rest_framework.exceptions.NotAuthenticated": 401, "rest_framework.exceptions.AuthenticationFailed": 401,
        "rest_framework.exceptions.PermissionDenied": 403, "starlette.status.HTTP_401_UNAUTHORIZED": 401,
        "fastapi.status.HTTP_401_UNAUTHORIZED": 401, "starlette.status.HTTP_403_FORBIDDEN": 403, "fastapi.status.HTTP_403_FORBIDDEN": 403,
        "http.HTTPStatus.UNAUTHORIZED": 401, "http.HTTPStatus.FORBIDDEN": 403,
        "pyramid.httpexceptions.HTTPUnauthorized": 401, "pyramid.httpexceptions.HTTPForbidden": 403,
        "django.contrib.auth.views.redirect_to_login": 401, "flask_login.login_manager.LoginManager.unauthorized": 401,
    ]
    /// Redirects: one whose target names the login page sends anonymous users to log in.
    package static let redirects: Set<String> = [
        "flask.redirect", "werkzeug.utils.redirect", "quart.redirect", "django.shortcuts.redirect", "django.http.HttpResponseRedirect",
        "starlette.responses.RedirectResponse", "fastapi.responses.RedirectResponse",
    ]
    /// Words in a test that say it is about who the caller is, and about what they may do.
    package static let identityWords = ["current_user", "is_authenticated", "is_anonymous", "user", "session", "token", "authorization", "jwt",
                                "api_key", "apikey", "logged_in", "login", "auth"]
    package static let roleWords = ["admin", "is_staff", "is_superuser", "role", "permission", "has_perm", "group", "owner", "superuser", "staff"]

    /// Words that make a path or a function name look like an administrative one.
    package static let adminWords = ["admin", "staff", "superuser", "manage", "internal", "backoffice", "dashboard"]
    /// Words that make a path look like a webhook a third party calls (`/hooks/payment`, `/stripe/webhook`).
    package static let webhookWords = ["webhook", "hook", "ipn"]
    /// Calls that verify a signature: a webhook checks who sent it.
    package static let signatureChecks: Set<String> = [
        "hmac.compare_digest", "secrets.compare_digest", "stripe.Webhook.construct_event", "stripe.WebhookSignature.verify_header",
        "github_webhook.Webhook", "svix.webhooks.Webhook.verify", "nacl.signing.VerifyKey.verify",
    ]

    // MARK: CSRF

    /// Extensions that check a CSRF token on every unsafe request of a Flask app.
    package static let flaskCSRF: Set<String> = ["flask_wtf.csrf.CSRFProtect", "flask_wtf.CSRFProtect", "flask_wtf.csrf.CsrfProtect", "flask_seasurf.SeaSurf"]
    /// Flask-WTF forms check the token on `validate_on_submit()`/`validate()`.
    package static let flaskForms: Set<String> = ["flask_wtf.FlaskForm", "flask_wtf.Form", "flask_wtf.form.FlaskForm"]
    package static let djangoCSRFMiddleware = "django.middleware.csrf.CsrfViewMiddleware"
    package static let csrfExempt: Set<String> = ["django.views.decorators.csrf.csrf_exempt"]
    package static let csrfProtect: Set<String> = ["django.views.decorators.csrf.csrf_protect"]
    /// DRF's session authentication enforces Django's CSRF check for logged-in users.
    package static let drfSessionAuthentication = "rest_framework.authentication.SessionAuthentication"

    // MARK: Rate limiting

    /// Limiter objects whose `limit`/`shared_limit` methods decorate views, `exempt` exempts
    /// them, and whose `default_limits=` apply to every route (Flask-Limiter, SlowAPI).
    package static let limiters: Set<String> = ["flask_limiter.Limiter", "flask_limiter.extension.Limiter", "slowapi.Limiter", "slowapi.extension.Limiter"]
    package static let limitMethods: Set<String> = ["limit", "shared_limit"]
    package static let rateLimitDecorators: Set<String> = [
        "django_ratelimit.decorators.ratelimit", "ratelimit.decorators.ratelimit", "django_ratelimit.ratelimit",
        "rest_framework.decorators.throttle_classes",
    ]
    /// FastAPI dependencies that limit the rate (fastapi-limiter's `Depends(RateLimiter(...))`).
    package static let rateLimitDependencies: Set<String> = ["fastapi_limiter.depends.RateLimiter"]
    /// DRF throttles a view lists in `throttle_classes`.
    package static let throttleModule = "rest_framework.throttling."
}
