import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Path traversal: a file path built from request data opened or sent.
enum PathTraversal {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-PATH-TRAVERSAL", name: "path-traversal", summary: "File path built from request data",
        severity: .high, confidence: .medium, owasp: .a01, cwe: 22,
        what: "Finds `open(x)`, `io.open`/`codecs.open`, Flask `send_file(x)`, Starlette/FastAPI/aiohttp/Pyramid `FileResponse(x)`, Sanic `file(x)`/`file_stream(x)`, `os.remove`/`os.unlink`/`os.rmdir`/`shutil.rmtree(x)` and `pathlib.Path(x)` read, written or deleted (`read_text`, `open`, `write_bytes`, `unlink`, …) where the path carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project), followed through local variables, `os.path.join`, `/` and string building. `send_from_directory(directory, name)` and Bottle's `static_file(name, root=...)` are not reported (they keep the file under the folder), nor are names passed through `secure_filename`, `os.path.basename` or `safe_join`, or paths checked with `startswith`/`commonpath`/`is_relative_to` before use. Uploaded files' own names are reported by TL-WEB-UPLOAD-FILENAME.",
        why: "`../` sequences or an absolute path in the request walk out of the intended folder: the client reads (or overwrites) any file the server can, such as configuration, keys and source code.",
        example: "name = request.args[\"file\"]\nreturn send_file(os.path.join(\"reports\", name))",
        useInstead: "from flask import send_from_directory\nreturn send_from_directory(\"reports\", request.args[\"file\"])",
        references: ["https://owasp.org/www-community/attacks/Path_Traversal",
                     "https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        from pathlib import Path
        from flask import Flask, request, send_file, send_from_directory
        app = Flask(__name__)
        BASE = "/srv/reports"

        @app.route("/report")
        def report():
            name = request.args.get("name")
            return send_file(os.path.join(BASE, name))  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/raw/<path:name>")
        def raw(name):
            with open(f"{BASE}/{name}") as handle:  # error: TL-WEB-PATH-TRAVERSAL
                return handle.read()

        @app.route("/ok/<path:name>")
        def ok(name):
            os.remove(os.path.join(BASE, os.path.basename(name)))
            return send_from_directory(BASE, name)

        @app.route("/checked/<path:name>")
        def checked(name):
            # The check sees `/srv/files/../../etc/passwd`, which starts with BASE.
            path = os.path.join(BASE, name)
            if path.startswith(BASE):
                return open(path).read()  # error: TL-WEB-PATH-TRAVERSAL
            return "no"

        @app.route("/guarded/<path:name>")
        def guarded(name):
            if os.path.basename(name) != name:
                return "no"
            candidate = os.path.realpath(os.path.join(BASE, name))
            inside = os.path.commonpath([BASE, candidate]) == BASE
            if not inside:
                return "no"
            target = candidate
            open(target).read()
            return open(os.path.join(BASE, name)).read()

        @app.route("/resolved/<path:name>")
        def resolved(name):
            if os.path.commonprefix((os.path.realpath(name), BASE)) != BASE:
                return "no"
            full = Path(BASE, name).resolve()
            if full.is_relative_to(BASE):
                full.read_text()
            return open(name).read()
        """),
        RuleExample("""
        import os
        from pathlib import Path
        from django.http import FileResponse

        ROOT = Path("/srv/media")

        def download(request):
            path = request.GET["path"]
            return FileResponse(open(path, "rb"))  # error: TL-WEB-PATH-TRAVERSAL

        def show(request):
            return (ROOT / request.GET["doc"]).read_text()  # error: TL-WEB-PATH-TRAVERSAL

        def delete(request):
            os.remove(request.GET["name"])  # error: TL-WEB-PATH-TRAVERSAL

        def save(request):
            target = Path("/srv/notes", request.POST["note"])
            target.write_text(request.POST["text"])  # error: TL-WEB-PATH-TRAVERSAL
        """),
        // Django views: the URL parts the URL configuration passes them (`path()` converters
        // other than int/slug/uuid, `re_path` groups, a handler's `**kwargs`), and a
        // class-based view's `self.request` and `self.kwargs`, stored by `View.setup()`.
        RuleExample("""
        import os
        from django.http import FileResponse
        from django.urls import path, re_path
        from django.views import View
        from django.views.generic import ListView

        MEDIA = "/srv/media"

        def download(request, name):
            return FileResponse(open(os.path.join(MEDIA, name), "rb"))  # error: TL-WEB-PATH-TRAVERSAL

        def legacy(request, name):
            return FileResponse(open(os.path.join(MEDIA, name), "rb"))  # error: TL-WEB-PATH-TRAVERSAL

        class Attachment(View):
            def get(self, request, *args, **kwargs):
                return FileResponse(open(os.path.join(MEDIA, kwargs["name"]), "rb"))  # error: TL-WEB-PATH-TRAVERSAL

        class Report(ListView):
            def get_queryset(self):
                return open(os.path.join(MEDIA, self.kwargs["report"])).readlines()  # error: TL-WEB-PATH-TRAVERSAL

        class Export(View):
            def get(self, request):
                return FileResponse(open(os.path.join(MEDIA, self.request.GET["file"]), "rb"))  # error: TL-WEB-PATH-TRAVERSAL

        class ThemeMixin:
            def theme_css(self):
                return open(os.path.join(MEDIA, "themes", self.request.COOKIES["theme"])).read()  # error: TL-WEB-PATH-TRAVERSAL

        class Dashboard(ThemeMixin, View):
            pass

        urlpatterns = [
            path("files/<path:name>", download),
            re_path(r"^legacy/(?P<name>.+)$", legacy),
            path("attachments/<str:name>/", Attachment.as_view()),
            path("reports/<report>/", Report.as_view()),
            path("export/", Export.as_view()),
        ]
        """),
        RuleExample("""
        import os
        from django.http import FileResponse, HttpResponse
        from django.urls import path, re_path
        from django.views import View
        from django.views.generic import ListView

        MEDIA = "/srv/media"

        def by_id(request, pk):
            return FileResponse(open(os.path.join(MEDIA, "%s.pdf" % pk), "rb"))

        def by_slug(request, slug):
            return FileResponse(open(os.path.join(MEDIA, slug + ".pdf"), "rb"))

        def by_year(request, year):
            return FileResponse(open(os.path.join(MEDIA, year + ".pdf"), "rb"))

        def unrouted(request, name):
            return FileResponse(open(os.path.join(MEDIA, name), "rb"))

        class Page(View):
            def get(self, request, name):
                return HttpResponse(self.render_file("index.txt"))

            def render_file(self, name):
                return open(os.path.join(MEDIA, name)).read()

        class Numbered(ListView):
            def get_queryset(self):
                return open(os.path.join(MEDIA, "%s.txt" % self.kwargs["pk"])).readlines()

        class Client:
            def fetch(self):
                return open(os.path.join(MEDIA, self.request.GET["f"])).read()

        urlpatterns = [
            path("doc/<int:pk>/", by_id),
            path("doc/<slug:slug>/", by_slug),
            re_path(r"^year/(?P<year>[0-9]{4})/$", by_year),
            path("page/<str:name>/", Page.as_view()),
            path("numbered/<int:pk>/", Numbered.as_view()),
        ]
        """),
        RuleExample("""
        from fastapi import FastAPI
        from fastapi.responses import FileResponse
        app = FastAPI()

        @app.get("/files/{name}")
        async def files(name: str):
            return FileResponse("/srv/files/" + name)  # error: TL-WEB-PATH-TRAVERSAL
        """),
        RuleExample("""
        import os
        from flask import Flask, request, send_file, send_from_directory, safe_join
        from werkzeug.utils import secure_filename
        app = Flask(__name__)
        BASE = "/srv/reports"

        @app.route("/a")
        def a():
            name = request.args["name"]
            send_file(os.path.join(BASE, secure_filename(name)))
            open(os.path.join(BASE, os.path.basename(name)))
            send_file(safe_join(BASE, name))
            open(f"{BASE}/{int(request.args['id'])}.txt")
            send_from_directory(BASE, name)
            return send_file(os.path.join(BASE, "index.html"))

        @app.route("/b")
        def b():
            path = os.path.realpath(os.path.join(BASE, request.args["name"]))
            if not path.startswith(BASE + os.sep):
                return "no", 404
            return send_file(path)

        def local(name):
            return open(name).read()

        @app.route("/c")
        def c():
            path = os.path.join(BASE, request.args["name"])
            check_access_permission(BASE, path)
            return send_file(path)
        """),
        // Request data kept in a local list, dict or config parser, and picked by a ternary
        // whose test is settled: the value read back out is the one that reaches the sink.
        RuleExample("""
        import configparser
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/list")
        def from_list():
            param = request.args.get("name", "")
            lst = []
            lst.append("safe")
            lst.append(param)
            lst.append("moresafe")
            lst.pop(0)
            bar = lst[0]
            return open(f"/srv/files/{bar}").read()  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/map")
        def from_map():
            m = {"keyA": "a-Value"}
            m["keyB"] = request.headers.get("X-Name")
            return open("/srv/files/" + m.get("keyB")).read()  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/conf")
        def from_conf():
            conf = configparser.ConfigParser()
            conf.add_section("s")
            conf.set("s", "keyB", request.cookies.get("name"))
            bar = conf.get("s", "keyB")
            return open(bar).read()  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/ternary")
        def ternary():
            param = request.args["name"]
            num = 106
            bar = "never" if (7 * 42) - num > 200 else param
            return open(bar).read()  # error: TL-WEB-PATH-TRAVERSAL
        """),
        // Through the project's own helpers: what a function returns is summarised from its
        // body (a parameter's data, or request data it reads itself).
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        def clean(value):
            return value.strip()

        def requested_name():
            return request.args.get("name", "")

        class Thing:
            def do_something(self, value):
                return "prefix-" + value

        @app.route("/helper")
        def helper():
            bar = clean(request.args["name"])
            return open(bar).read()  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/source")
        def source():
            return open("/srv/" + requested_name()).read()  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/thing")
        def thing():
            t = Thing()
            bar = t.do_something(request.args["name"])
            return open(bar).read()  # error: TL-WEB-PATH-TRAVERSAL
        """),
        // Values kept on an object: stored by one method, read by another.
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        class Report:
            def __init__(self, name):
                self.name = name

            def path(self):
                return "/srv/reports/" + self.name

        class RequestWrapper:
            def __init__(self, req):
                self.req = req

            def get_query_parameter(self, name):
                return self.req.args.get(name)

        @app.route("/report")
        def report():
            r = Report(request.args["name"])
            return open(r.path()).read()  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/wrapped")
        def wrapped():
            w = RequestWrapper(request)
            return open(w.get_query_parameter("file")).read()  # error: TL-WEB-PATH-TRAVERSAL
        """),
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        class Report:
            def __init__(self, name):
                self.name = name
                self.folder = "/srv/reports"

            def index(self):
                return self.folder + "/index.txt"

        class Settings:
            def __init__(self, req):
                self.req = req

            def theme(self):
                return "themes/default.css"

        @app.route("/report")
        def report():
            r = Report(request.args["name"])
            return open(r.index()).read()

        @app.route("/theme")
        def theme():
            return open(Settings(request).theme()).read()
        """),
        RuleExample("""
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def constant(value):
            return "report.txt"

        def reduced(value):
            return os.path.basename(value)

        def first(value, default):
            return default

        @app.route("/helper")
        def helper():
            open(constant(request.args["name"])).read()
            open(reduced(request.args["name"])).read()
            return open(first(request.args["name"], "index.txt")).read()
        """),
        // The safe twins: a constant read back out of the same containers, a settled ternary or
        // `if` that keeps the constant, and request data assigned only in code that never runs.
        RuleExample("""
        import configparser
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/list")
        def from_list():
            param = request.args.get("name", "")
            lst = []
            lst.append("safe")
            lst.append(param)
            lst.append("moresafe")
            lst.pop(0)
            bar = lst[1]
            return open(f"/srv/files/{bar}").read()

        @app.route("/map")
        def from_map():
            m = {"keyA": "a-Value"}
            m["keyB"] = request.headers.get("X-Name")
            return open("/srv/files/" + m.get("keyA")).read()

        @app.route("/conf")
        def from_conf():
            conf = configparser.ConfigParser()
            conf.add_section("s")
            conf.set("s", "keyA", "a-Value")
            conf.set("s", "keyB", request.cookies.get("name"))
            bar = conf.get("s", "keyA")
            return open(bar).read()

        @app.route("/ternary")
        def ternary():
            param = request.args["name"]
            num = 86
            bar = "never" if (7 * 42) - num > 200 else param
            return open(bar).read()

        @app.route("/dead")
        def dead():
            bar = "safe"
            if 3 * 5 > 100:
                bar = request.args["name"]
            return open(bar).read()
        """),
        // Falcon streams what `open` returns; Pyramid's `FileResponse` opens the path; Bottle's
        // `static_file` keeps the file under its root.
        RuleExample("""
        import os
        import falcon
        from bottle import get, static_file
        from pyramid.response import FileResponse

        class Download:
            def on_get(self, req, resp, name):
                resp.stream = open(os.path.join("/srv/files", name), "rb")  # error: TL-WEB-PATH-TRAVERSAL

            def on_get_report(self, req, resp):
                path = "/srv/reports/" + req.get_param("file")
                resp.set_stream(open(path, "rb"), os.path.getsize(path))  # error: TL-WEB-PATH-TRAVERSAL

        @get("/raw/<path:path>")
        def raw(path):
            return open("/srv/raw/" + path).read()  # error: TL-WEB-PATH-TRAVERSAL

        def attachment(request):
            return FileResponse(os.path.join("/srv/attachments", request.matchdict["name"]))  # error: TL-WEB-PATH-TRAVERSAL

        app = falcon.App()
        app.add_route("/files/{name}", Download())
        app.add_route("/reports", Download(), suffix="report")
        """),
        RuleExample("""
        import os
        import falcon
        from bottle import get, static_file
        from pyramid.response import FileResponse

        class Download:
            def on_get(self, req, resp, doc_id):
                resp.stream = open(f"/srv/files/{doc_id}.pdf", "rb")

            def on_get_report(self, req, resp):
                name = os.path.basename(req.get_param("file"))
                resp.set_stream(open(os.path.join("/srv/reports", name), "rb"), None)

        @get("/static/<path:path>")
        def static(path):
            return static_file(path, root="/srv/static")

        def attachment(request):
            return FileResponse(os.path.join("/srv/attachments", os.path.basename(request.matchdict["name"])))

        app = falcon.App()
        app.add_route("/files/{doc_id:int}", Download())
        app.add_route("/reports", Download(), suffix="report")
        """),
        // Tornado URL parts (unless the route's group matches only digits), aiohttp's FileResponse, Sanic's file and file_stream.
        RuleExample("""
        import os

        import tornado.web
        from aiohttp import web
        from sanic import Sanic
        from sanic.response import file, file_stream

        app = Sanic("files")
        BASE = "/srv/files"


        class FileHandler(tornado.web.RequestHandler):
            def get(self, name):
                with open(os.path.join(BASE, name)) as handle:  # error: TL-WEB-PATH-TRAVERSAL
                    self.write(handle.read())

            def delete(self, name):
                os.remove(BASE + "/" + self.request.query_arguments["f"][0].decode())  # error: TL-WEB-PATH-TRAVERSAL
                os.remove(os.path.join(BASE, self.path_args[0]))  # error: TL-WEB-PATH-TRAVERSAL


        async def download(request):
            return web.FileResponse(os.path.join(BASE, request.match_info["name"]))  # error: TL-WEB-PATH-TRAVERSAL


        async def save(request):
            body = await request.content.read()
            with open(os.path.join(BASE, request.headers["X-Name"]), "wb") as out:  # error: TL-WEB-PATH-TRAVERSAL
                out.write(body)


        @app.get("/files/<name>")
        async def sanic_file(request, name):
            return await file(f"{BASE}/{name}")  # error: TL-WEB-PATH-TRAVERSAL


        @app.get("/stream")
        async def stream(request):
            return await file_stream(os.path.join(BASE, request.args.get("name")))  # error: TL-WEB-PATH-TRAVERSAL


        def setup(web_app):
            web_app.add_routes([web.get("/download/{name}", download), web.post("/save", save)])
            return tornado.web.Application([(r"/files/(.+)", FileHandler)])
        """),
        RuleExample("""
        import os

        import tornado.web
        from aiohttp import web
        from sanic import Sanic
        from sanic.response import file

        app = Sanic("files")
        BASE = "/srv/files"


        class FileHandler(tornado.web.RequestHandler):
            def get(self, file_id):
                with open(os.path.join(BASE, file_id + ".txt")) as handle:
                    self.write(handle.read())

            def post(self, file_id):
                with open(os.path.join(BASE, os.path.basename(self.get_body_argument("name")))) as handle:
                    self.write(handle.read())


        async def download(request):
            return web.FileResponse(os.path.join(BASE, os.path.basename(request.match_info["name"])))


        @app.get("/files/<file_id:int>")
        async def sanic_file(request, file_id):
            return await file(f"{BASE}/{file_id}.txt")


        def setup(web_app):
            web_app.add_routes([web.get("/download/{name}", download)])
            return tornado.web.Application([(r"/files/(\\d+)", FileHandler)])
        """),
        // Importing aiohttp's client does not make a function taking `request` an aiohttp handler.
        RuleExample("""
        import aiohttp


        async def fetch(request):
            return open(request.query["path"]).read()


        def register(router):
            @router.get("/x")
            def x(request):
                return open(request.query["path"]).read()
        """),
        // Copies, listings and the folder of send_from_directory are paths too; its file name is joined safely.
        RuleExample("""
        import os
        import shutil
        from flask import Flask, request, send_from_directory
        app = Flask(__name__)

        @app.route("/backup", methods=["POST"])
        def backup():
            shutil.copy("/srv/data/report.csv", request.form["target"])  # error: TL-WEB-PATH-TRAVERSAL
            return str(os.listdir(os.path.join("/srv/uploads", request.args["dir"])))  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/files/<folder>/<name>")
        def files(folder, name):
            return send_from_directory(folder, name)  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/static-files/<name>")
        def static_files(name):
            shutil.copy("/srv/data/report.csv", "/srv/out/report.csv")
            return send_from_directory("/srv/static", name)
        """),
        // Through comprehensions: the element is what the loops give it.
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/concat")
        def concat():
            names = [n.strip() for n in request.args.getlist("name")]
            first = open(names[0]).read()  # error: TL-WEB-PATH-TRAVERSAL
            return first + "".join(open(f"/srv/{n}").read() for n in names)  # error: TL-WEB-PATH-TRAVERSAL

        @app.route("/fixed")
        def fixed():
            names = ["a.txt" for _ in request.args.getlist("name")]
            return open(names[0]).read()
        """),
        // A Django view in a module that does not import Django (its URLconf does).
        RuleExample("""
        from myproject.http import json_response

        def download(request):
            return json_response(open("/srv/files/" + request.GET["name"]).read())  # error: TL-WEB-PATH-TRAVERSAL

        def handle(request):
            return open("/srv/files/" + request.name).read()
        """),
        // Checks of a normalized expression or copy of the path, and normalizing helpers.
        RuleExample("""
        import os
        from flask import Flask, request
        app = Flask(__name__)
        BASE = "/srv/static/"

        def normalize(p):
            return os.path.normpath(p)

        @app.route("/a")
        def a():
            p = os.path.join(BASE, request.args["p"])
            if os.path.abspath(p).startswith(BASE):
                return open(p).read()
            q = os.path.abspath(p)
            if q.startswith(BASE):
                return open(p).read()
            n = normalize(request.args["n"])
            if n.startswith("static/"):
                again = os.path.normpath(n)
                return open(again).read()
            if p.startswith(BASE):
                return open(p).read()  # error: TL-WEB-PATH-TRAVERSAL
            return "no"
        """),
        // A normalizing helper applied again to a checked path.
        RuleExample("""
        import os
        from flask import Flask, request
        app = Flask(__name__)

        def normalize(x):
            return os.path.normpath(x)

        @app.route("/path")
        def normalize_check_normalize():
            y = normalize(request.args["p"])
            if y.startswith("subfolder/"):
                z = normalize(y)
                return open(z).read()
            return open(normalize(request.args["other"])).read()  # error: TL-WEB-PATH-TRAVERSAL
        """),
        // A name checked for `../` and joined as text after a fixed folder cannot leave it; the
        // same check before `os.path.join` (an absolute name resets it), before a path that
        // starts with the name, or after the root alone protects nothing.
        RuleExample("""
        import os
        from flask import Flask, request
        app = Flask(__name__)
        BASE = "/srv/files"

        @app.route("/write", methods=["POST"])
        def write():
            name = request.form.get("name", "")
            if "../" in name:
                return "File name must not contain '../'"
            with open(f"{BASE}/{name}", "wb") as out:
                out.write(b"")
            target = BASE + "/" + name
            open(target).close()
            if "../" not in name:
                open("/srv/files/" + name).close()
            open(os.path.join(BASE, name)).close()  # error: TL-WEB-PATH-TRAVERSAL
            open(name).close()  # error: TL-WEB-PATH-TRAVERSAL
            open("/" + name).close()  # error: TL-WEB-PATH-TRAVERSAL
            other = request.form.get("other", "")
            if ".." in name:
                return "no"
            open(f"{BASE}/{other}").close()  # error: TL-WEB-PATH-TRAVERSAL
            return "ok"
        """),
        // The request's own path under routes with no parameter is one of their fixed paths;
        // under a route with a parameter, or in a function no route decorates, it is the client's.
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/files/list", methods=["GET"])
        @app.route("/files/all", methods=["POST"])
        def listing():
            segment = request.path.split("/")[1]
            return open("/srv/" + segment).read()

        @app.route("/files/<name>")
        def show(name):
            part = request.path.split("/")[2]
            return open("/srv/" + part).read()  # error: TL-WEB-PATH-TRAVERSAL

        def log_request():
            return open("/srv/logs" + request.path).read()  # error: TL-WEB-PATH-TRAVERSAL
        """),
        // A glob pattern from the request lists any folder; matched under a fixed folder after
        // a check for parent-folder steps, or as a single checked name, it does not.
        RuleExample("""
        import glob
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/find")
        def find():
            pattern = request.args["pattern"]
            found = glob.glob("/srv/files/" + pattern)  # error: TL-WEB-PATH-TRAVERSAL
            if ".." in pattern:
                return "no"
            return str(found + glob.glob("/srv/files/" + pattern) + list(glob.iglob(request.args["other"])))  # error: TL-WEB-PATH-TRAVERSAL
        """),
        // A project helper that confines the path before returning it clears it for file
        // sinks at every call; one that only joins it does not.
        RuleExample("""
        import os
        from flask import Flask, request
        app = Flask(__name__)
        STORAGE = "/var/lib/app/storage"

        def storage_path(name):
            full = os.path.realpath(os.path.join(STORAGE, name))
            if os.path.commonpath([full, STORAGE]) != STORAGE:
                raise PermissionError("access denied")
            return full

        def joined_path(name):
            return os.path.join(STORAGE, name)

        @app.post("/load")
        def load():
            with open(storage_path(request.form["filename"])) as f:
                return f.read()

        @app.post("/raw")
        def raw():
            with open(joined_path(request.form["filename"])) as f:  # error: TL-WEB-PATH-TRAVERSAL
                return f.read()
        """),
        // A name used only where it equals a value the program read (a database row) holds that
        // value; equal to another request value, or past the test in its failing direction, it
        // does not.
        RuleExample("""
        import os
        from flask import Flask, request
        from .models import formats_of
        app = Flask(__name__)

        @app.route("/send/<int:book_id>/<book_format>")
        def send(book_id, book_format):
            for entry in formats_of(book_id):
                if entry.format.upper() == book_format.upper():
                    return open(os.path.join("/srv/books", entry.name + "." + book_format.lower())).read()
            return "not found", 404

        @app.route("/skip/<int:book_id>/<book_format>")
        def skip(book_id, book_format):
            for entry in formats_of(book_id):
                if entry.format != book_format:
                    continue
                return open(os.path.join("/srv/books", book_format)).read()
            return "not found", 404

        @app.route("/same/<book_format>")
        def same(book_format):
            if book_format == request.args.get("expected"):
                return open(os.path.join("/srv/books", book_format)).read()  # error: TL-WEB-PATH-TRAVERSAL
            return "no", 400

        @app.route("/wrong/<int:book_id>/<book_format>")
        def wrong(book_id, book_format):
            for entry in formats_of(book_id):
                if entry.format == book_format:
                    continue
                return open(os.path.join("/srv/books", book_format)).read()  # error: TL-WEB-PATH-TRAVERSAL
            return "not found", 404
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        // Each path the call opens (a copy's source and destination are two), first with request data.
        for match in context.sinks(call, .path) {
            let sink = match.receiver == nil ? String(match.callee.split(separator: ".").last ?? "open") : "Path" + match.callee
            if let finding = check(call, path: match.argument, sink: sink, context) { return [finding] }
        }
        return []
    }

    static func check(_ call: CallInfo, path: ExprID, sink: String, _ context: RuleContext) -> Finding? {
        guard let origin = Taint.isRequestDerived(path, context, kind: .path) else { return nil }
        // Uploaded file names are TL-WEB-UPLOAD-FILENAME's.
        if origin.isUpload { return nil }
        if isContained(path, context) { return nil }
        return context.finding(descriptor, at: call.id,
                                description: "`\(sink)` uses the path `\(context.text(path, limit: 40))`, built from `\(origin.text(context))` (\(origin.requestField)): `../` or an absolute path in it reaches any file on the server.",
                                remediation: "Serve files with `send_from_directory(directory, name)` (Flask) or reduce the name with `werkzeug.utils.secure_filename(name)` / `os.path.basename(name)`; if a subfolder is needed, resolve the path and check it stays under the base (`os.path.commonpath([base, path]) == base`).",
                                fix: "send_from_directory(BASE_DIR, name)",
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: "../../../../etc/passwd", context))
    }

    /// A containment check of the path before the sink (see `PathGuards.isContained`).
    static func isContained(_ path: ExprID, _ context: RuleContext) -> Bool { PathGuards.isContained(path, context) }
}
