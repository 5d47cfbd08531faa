import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// An uploaded file saved under the name the client chose.
enum UploadFilename {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-UPLOAD-FILENAME", name: "upload-client-filename", summary: "Uploaded file saved under the client's file name",
        severity: .high, confidence: .high, owasp: .a01, cwe: 22,
        what: "Finds a Flask/Quart/Werkzeug upload (`request.files[...]`) saved with `.save(path)` where the path is built from request data (usually the upload's own `.filename`), a Bottle upload (`request.files`) saved or opened under its `raw_filename` (its `filename` is already reduced to letters, digits and `-_.`), and a Django upload (`request.FILES[...]`), a Tornado one (`self.request.files[...]`) or a Sanic one (`request.files`) written with `open(path)` where the path is built from its name, unless the name went through `werkzeug.utils.secure_filename`, `os.path.basename` or another function first.",
        why: "The file name is chosen by the client: `../../app/templates/index.html` or `/etc/cron.d/job` overwrites files outside the upload folder (CWE-22), and a name ending in `.py`, `.html` or `.php` inside a served folder turns an upload into code or a stored XSS page (CWE-434).",
        example: "f = request.files[\"avatar\"]\nf.save(os.path.join(UPLOADS, f.filename))",
        useInstead: "from werkzeug.utils import secure_filename\nf = request.files[\"avatar\"]\nf.save(os.path.join(UPLOADS, secure_filename(f.filename)))",
        references: ["https://flask.palletsprojects.com/en/stable/patterns/fileuploads/",
                     "https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html", "https://cwe.mitre.org/data/definitions/434.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        from flask import Flask, request
        app = Flask(__name__)
        UPLOADS = "/srv/uploads"

        @app.route("/avatar", methods=["POST"])
        def avatar():
            f = request.files["avatar"]
            f.save(os.path.join(UPLOADS, f.filename))  # error: TL-WEB-UPLOAD-FILENAME
            return "ok"

        @app.route("/docs", methods=["POST"])
        def docs():
            for upload in request.files.getlist("docs"):
                upload.save(upload.filename)  # error: TL-WEB-UPLOAD-FILENAME
            request.files["cv"].save(f"{UPLOADS}/{request.form['name']}.pdf")  # error: TL-WEB-UPLOAD-FILENAME
            return "ok"
        """),
        RuleExample("""
        from django.http import HttpResponse

        def upload(request):
            f = request.FILES["doc"]
            with open("/srv/media/" + f.name, "wb+") as out:  # error: TL-WEB-UPLOAD-FILENAME
                for chunk in f.chunks():
                    out.write(chunk)
        """),
        RuleExample("""
        import os
        import uuid
        from flask import Flask, request
        from werkzeug.utils import secure_filename
        from django.http import HttpResponse
        app = Flask(__name__)
        UPLOADS = "/srv/uploads"

        @app.route("/avatar", methods=["POST"])
        def avatar():
            f = request.files["avatar"]
            f.save(os.path.join(UPLOADS, secure_filename(f.filename)))
            f.save(os.path.join(UPLOADS, uuid.uuid4().hex + ".png"))
            name = os.path.basename(f.filename)
            f.save(os.path.join(UPLOADS, name))
            return "ok"

        def store(item, path):
            item.save(path.filename)

        def upload(request):
            f = request.FILES["doc"]
            with open(os.path.join("/srv/media", uuid.uuid4().hex), "wb") as out:
                out.write(f.read())
        """),
        // Bottle's `FileUpload.filename` is already reduced to letters, digits and `-_.`;
        // `raw_filename` is the name the client sent.
        RuleExample("""
        import os
        from bottle import post, request
        UPLOADS = "/srv/uploads"

        @post("/avatar")
        def avatar():
            upload = request.files.get("avatar")
            upload.save(os.path.join(UPLOADS, upload.raw_filename))  # error: TL-WEB-UPLOAD-FILENAME
            with open(os.path.join(UPLOADS, request.files.doc.raw_filename), "wb") as out:  # error: TL-WEB-UPLOAD-FILENAME
                out.write(request.files.doc.file.read())
            return "ok"
        """),
        RuleExample("""
        import os
        from bottle import post, request
        UPLOADS = "/srv/uploads"

        @post("/avatar")
        def avatar():
            upload = request.files.get("avatar")
            upload.save(os.path.join(UPLOADS, upload.filename))
            upload.save(UPLOADS)
            with open(os.path.join(UPLOADS, request.files.doc.filename), "wb") as out:
                out.write(request.files.doc.file.read())
            return "ok"
        """),
        // Tornado's and Sanic's uploads: `request.files` holds the client's file name too.
        RuleExample("""
        import os

        import tornado.web
        from sanic import Sanic

        app = Sanic("uploads")
        UPLOADS = "/srv/uploads"


        class UploadHandler(tornado.web.RequestHandler):
            def post(self):
                info = self.request.files["doc"][0]
                with open(os.path.join(UPLOADS, info["filename"]), "wb") as out:  # error: TL-WEB-UPLOAD-FILENAME
                    out.write(info["body"])


        @app.post("/upload")
        async def upload(request):
            doc = request.files.get("doc")
            with open(os.path.join(UPLOADS, doc.name), "wb") as out:  # error: TL-WEB-UPLOAD-FILENAME
                out.write(doc.body)
        """),
        RuleExample("""
        import os
        import uuid

        import tornado.web
        from sanic import Sanic

        app = Sanic("uploads")
        UPLOADS = "/srv/uploads"


        class UploadHandler(tornado.web.RequestHandler):
            def post(self):
                info = self.request.files["doc"][0]
                with open(os.path.join(UPLOADS, os.path.basename(info["filename"])), "wb") as out:
                    out.write(info["body"])


        @app.post("/upload")
        async def upload(request):
            doc = request.files.get("doc")
            with open(os.path.join(UPLOADS, uuid.uuid4().hex), "wb") as out:
                out.write(doc.body)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        var path: ExprID?
        var upload: RequestOrigin?
        if call.name == nil, case .attribute(let receiver, "save", _) = context.tree[call.function].kind,
           let origin = Taint.isRequestDerived(receiver, context, kind: .path), origin.isUpload,
           let target = call.argument(0, "dst") {
            upload = origin
            path = target
        } else if let name = call.name, name == "builtins.open" || name == "io.open", let target = call.argument(0, "file") {
            path = target
        }
        guard let path, let origin = Taint.isRequestDerived(path, context, kind: .path) else { return [] }
        guard upload != nil || origin.isUpload else { return [] }
        let file = upload.map { $0.text(context) } ?? origin.text(context)
        return [context.finding(descriptor, at: call.id,
                                description: "The upload `\(file)` is written to `\(context.text(path, limit: 40))`, a path built from `\(origin.text(context))`, a name the client chose: `../` in it writes outside the upload folder, and its extension decides what the file becomes.",
                                remediation: "Pass the client's name through `werkzeug.utils.secure_filename(...)` (or ignore it and generate one, e.g. `uuid.uuid4().hex` plus an allow-listed extension), and keep uploads outside folders that are served or executed.",
                                fix: "f.save(os.path.join(UPLOAD_FOLDER, secure_filename(f.filename)))",
                                flow: upload ?? origin, proofOfConcept: (upload ?? origin).proofOfConcept(payload: "../../templates/index.html", context))]
    }
}
