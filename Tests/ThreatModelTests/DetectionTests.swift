import Testing
@testable import ThreatModel

/// Controls recognised by what the code does, and their quiet twins: each case is a small app
/// and the variant a name-based matcher would get wrong.
@Suite struct DetectionTests {
    @Test func aProjectDecoratorIsJudgedByItsCode() throws {
        let model = ModelFixture.build([("app.py", """
        from functools import wraps
        from flask import Flask, redirect, session, url_for

        app = Flask(__name__)

        def require_login(view):
            @wraps(view)
            def wrapper(*args, **kwargs):
                if "user_id" not in session:
                    return redirect(url_for("login"))
                return view(*args, **kwargs)
            return wrapper

        def login_required(view):
            # Named like a login check, but it only counts calls.
            @wraps(view)
            def wrapper(*args, **kwargs):
                app.config["CALLS"] = app.config.get("CALLS", 0) + 1
                return view(*args, **kwargs)
            return wrapper

        @app.route("/inbox")
        @require_login
        def inbox():
            return "mail"

        @app.route("/outbox")
        @login_required
        def outbox():
            return "sent"
        """)])
        let inbox = try model.entry("GET /inbox")
        #expect(inbox.authentication.status == .required)
        #expect(inbox.authentication.mechanisms.first?.text.contains("rejects the request as unauthenticated") == true)
        // The scanned code decides, not the name.
        #expect(try model.entry("GET /outbox").authentication.status == .none)
    }

    @Test func aCheckAtTheTopOfTheHandler() throws {
        let model = ModelFixture.build([("app.py", """
        from flask import Flask, abort, request
        from flask_login import current_user

        app = Flask(__name__)

        @app.route("/admin/reindex", methods=["POST"])
        def reindex():
            if not current_user.is_admin:
                abort(403)
            return "ok"

        @app.route("/items/<int:item_id>", methods=["POST"])
        def item(item_id):
            if item_id > 100:
                abort(403)
            return "ok"
        """)])
        let reindex = try model.entry("POST /admin/reindex")
        #expect(reindex.authentication.status == .required)
        #expect(reindex.authentication.authorization.count == 1)
        #expect(reindex.status(.elevationOfPrivilege) == .mitigated)
        // A 403 under a test that is not about the caller is no access check.
        let item = try model.entry("POST /items/<int:item_id>")
        #expect(item.authentication.status == .none)
    }

    @Test func djangoWithoutCSRFMiddleware() throws {
        let model = ModelFixture.build([
            ("site/settings.py", """
            MIDDLEWARE = [
                "django.middleware.security.SecurityMiddleware",
                "django.contrib.sessions.middleware.SessionMiddleware",
            ]
            """),
            ("shop/urls.py", """
            from django.urls import path
            from shop import views
            urlpatterns = [path("rename/", views.rename)]
            """),
            ("shop/views.py", """
            from django.contrib.auth.decorators import login_required
            from django.http import HttpResponse
            from django.views.decorators.http import require_POST

            @require_POST
            @login_required
            def rename(request):
                request.user.first_name = request.POST["name"]
                request.user.save()
                return HttpResponse("ok")
            """),
        ])
        let rename = try model.entry("POST /rename/")
        #expect(rename.csrf.status == .missing)
        #expect(rename.csrf.evidence.first?.location?.file == "site/settings.py")
        #expect(rename.status(.tampering) == .open)
        #expect(rename.status(.spoofing) == .mitigated)
    }

    @Test func flaskFormsAndLimiterDefaults() throws {
        let model = ModelFixture.build([("app.py", """
        from flask import Flask, request
        from flask_limiter import Limiter
        from flask_limiter.util import get_remote_address
        from flask_wtf import FlaskForm
        from wtforms import StringField

        app = Flask(__name__)
        limiter = Limiter(get_remote_address, app=app, default_limits=["200 per day"])

        class CommentForm(FlaskForm):
            text = StringField()

        @app.route("/comments", methods=["POST"])
        def comment():
            form = CommentForm()
            if form.validate_on_submit():
                return "thanks"
            return "invalid", 400

        @app.route("/health", methods=["POST"])
        @limiter.exempt
        def health():
            return "ok"
        """)])
        let comment = try model.entry("POST /comments")
        #expect(comment.csrf.status == .applied)
        #expect(comment.csrf.evidence.first?.text == "`form.validate_on_submit()` checks the Flask-WTF form's CSRF token")
        #expect(comment.rateLimit.status == .applied)
        #expect(try model.entry("POST /health").rateLimit.status == .exempt)
        #expect(try model.entry("POST /health").csrf.status == .missing)
    }

    @Test func optionalBearerTokenIsPartial() throws {
        let model = ModelFixture.build([("main.py", """
        from fastapi import Depends, FastAPI
        from fastapi.security import OAuth2PasswordBearer

        app = FastAPI()
        maybe_token = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)
        token = OAuth2PasswordBearer(tokenUrl="token")

        @app.get("/feed")
        def feed(credentials: str = Depends(maybe_token)):
            return []

        @app.get("/inbox")
        def inbox(credentials: str = Depends(token)):
            return []
        """)])
        #expect(try model.entry("GET /feed").authentication.status == .partial)
        #expect(try model.entry("GET /inbox").authentication.status == .required)
    }

    @Test func commandsAndTasks() throws {
        let model = ModelFixture.build([
            ("tools.py", """
            import click
            from celery import shared_task

            @click.command()
            @click.option("--limit", default=10)
            @click.argument("name")
            def purge(limit, name):
                cleanup.delay(name)

            @shared_task
            def cleanup(name):
                return name
            """),
            ("script.py", """
            import argparse

            def main():
                parser = argparse.ArgumentParser()
                parser.add_argument("--dry-run", action="store_true")
                return parser.parse_args()

            if __name__ == "__main__":
                main()
            """),
        ])
        #expect(model.entryPoints.map(\.title) == ["command purge", "command python script.py", "task cleanup"])
        #expect(try model.entry("command purge").inputTexts == ["argument --limit", "argument name"])
        #expect(try model.entry("command purge").reaches(.queue).map(\.target) == ["cleanup"])
        #expect(try model.entry("command python script.py").inputTexts == ["argument --dry-run"])
        #expect(try model.entry("task cleanup").inputTexts == ["message name"])
    }

    @Test func noEntryPointIsALimit() {
        let model = ModelFixture.build([("lib.py", "def add(a, b):\n    return a + b\n")])
        #expect(model.entryPoints.isEmpty)
        #expect(model.limits == ["no entry point found: no route, command or task of a supported framework"])
        #expect(model.diagram.nodes.isEmpty)
    }

    @Test func routesInTestCodeAreLeftOut() {
        let model = ModelFixture.build([("tests/test_app.py", """
        from flask import Flask
        app = Flask(__name__)

        @app.route("/fake")
        def fake():
            return "x"
        """)])
        #expect(model.entryPoints.isEmpty)
        #expect(model.limits.first == "1 entry point in test code left out")
    }
}
