import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// A Flask or Quart app that accepts uploads without a request size limit.
enum UploadSizeLimit {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-UPLOAD-NO-SIZE-LIMIT", name: "upload-without-size-limit", summary: "App accepts file uploads without a request size limit",
        severity: .medium, confidence: .medium, owasp: .a04, cwe: 770,
        what: "Finds a Flask or Quart app created in a module that also reads uploads (`request.files`) and never sets `MAX_CONTENT_LENGTH` (as `app.config[\"MAX_CONTENT_LENGTH\"]`, `app.config.update(MAX_CONTENT_LENGTH=...)`, a module constant, or Flask 3.1's `max_content_length`). It stays quiet when the configuration is loaded from elsewhere (`config.from_object`, `from_pyfile`, `from_envvar`, `from_file`, `from_prefixed_env`, `from_mapping` of a non-literal), since the limit may be set there. Django (whose `DATA_UPLOAD_MAX_MEMORY_SIZE` and file-upload handlers bound memory by default) is not reported. Uploads read in another module than the one that creates the app are not seen.",
        why: "Without `MAX_CONTENT_LENGTH`, Werkzeug accepts a request body of any size: one client can fill the server's disk (spooled uploads) or memory and take the service down (CWE-770, uncontrolled resource consumption).",
        example: "app = Flask(__name__)\n\n@app.post(\"/avatar\")\ndef avatar():\n    request.files[\"avatar\"].save(path)",
        useInstead: "app = Flask(__name__)\napp.config[\"MAX_CONTENT_LENGTH\"] = 16 * 1024 * 1024  # 16 MB: larger requests get 413",
        references: ["https://flask.palletsprojects.com/en/stable/patterns/fileuploads/#improving-uploads",
                     "https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html",
                     "https://cwe.mitre.org/data/definitions/770.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from flask import Flask, request
        from werkzeug.utils import secure_filename
        app = Flask(__name__)  # error: TL-WEB-UPLOAD-NO-SIZE-LIMIT
        app.config["SECRET_KEY_FILE"] = "/run/secrets/key"

        @app.route("/avatar", methods=["POST"])
        def avatar():
            f = request.files["avatar"]
            f.save("/srv/uploads/" + secure_filename(f.filename))
            return "ok"
        """),
        RuleExample("""
        import quart
        app = quart.Quart(__name__)  # error: TL-WEB-UPLOAD-NO-SIZE-LIMIT

        @app.post("/import")
        async def import_file():
            files = await quart.request.files
            return str(len(files))
        """),
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)
        app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024

        @app.route("/avatar", methods=["POST"])
        def avatar():
            request.files["avatar"].save("/srv/uploads/avatar.png")
            return "ok"
        """),
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)
        app.config.update(SECRET_KEY_FILE="/run/secrets/key", MAX_CONTENT_LENGTH=8_000_000)

        @app.post("/avatar")
        def avatar():
            request.files["avatar"].save("/srv/uploads/avatar.png")
            return "ok"
        """),
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)
        app.config.from_object("shop.settings")

        @app.post("/avatar")
        def avatar():
            request.files["avatar"].save("/srv/uploads/avatar.png")
            return "ok"
        """),
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/search")
        def search():
            return request.args.get("q", "")

        def files(request):
            return request.files
        """),
    ], check: { check($0, $1) })

    static let appClasses: Set<String> = ["flask.Flask", "flask.app.Flask", "quart.Quart", "quart.app.Quart"]
    static let configLoaders: Set<String> = ["from_object", "from_pyfile", "from_envvar", "from_file", "from_prefixed_env"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, appClasses.contains(name) else { return [] }
        let tree = context.tree
        var upload: ExprID?
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            switch tree[id].kind {
            case .attribute(let base, "files", _):
                if upload == nil, let framework = Taint.requestObject(base, context), framework == .flask || framework == .quart {
                    upload = id
                }
            case .attribute(_, "max_content_length", _), .attribute(_, "MAX_CONTENT_LENGTH", _), .name("MAX_CONTENT_LENGTH", _):
                return []
            case .constant:
                if context.string(id) == "MAX_CONTENT_LENGTH" { return [] }
            case .call(let function, _, let keywords):
                if keywords.contains(where: { $0.arg == "MAX_CONTENT_LENGTH" || $0.arg == "max_content_length" }) { return [] }
                if case .attribute(_, let method, _) = tree[function].kind {
                    if configLoaders.contains(method) { return [] }
                    if method == "from_mapping", let first = context.call(id)?.argument(0), !isLiteralMapping(first, context) { return [] }
                }
            default:
                break
            }
        }
        guard let upload else { return [] }
        let line = tree[upload].range.lineno
        let app = String(name.split(separator: ".").last ?? "Flask")
        return [context.finding(descriptor, at: call.id,
                                description: "This \(app) app reads uploads (`\(context.text(upload, limit: 40))` on line \(line)) but no `MAX_CONTENT_LENGTH` is set in this module: a request body of any size is accepted.",
                                remediation: "Set a limit that fits the largest legitimate upload; larger requests are then refused with 413 before they are read.",
                                fix: "app.config[\"MAX_CONTENT_LENGTH\"] = 16 * 1024 * 1024")]
    }

    /// `from_mapping({...})` or `from_mapping()` with keywords only: a literal the rule can read.
    static func isLiteralMapping(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if case .dict = context.tree[expr].kind { return true }
        return false
    }
}
