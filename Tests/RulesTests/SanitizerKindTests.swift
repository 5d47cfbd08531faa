import Findings
import Testing
@testable import Rules

/// A sanitizer protects the sinks of its kinds only (`Sanitizers` in the Dataflow module):
/// `html.escape(x)` is safe in HTML and still the client's text in a shell, a path or SQL;
/// the same holds when the sanitizer is in a helper the view calls, or in the caller of a
/// helper that holds the sink.
@Suite("Sanitizers protect their own sinks only")
struct SanitizerKindTests {
    /// The findings that follow request data to their sink (name-based ones aside).
    func rules(_ code: String) -> [String] {
        analyze(code).findings.filter { !$0.steps.isEmpty }.map { "\($0.location.startLine): \($0.ruleID)" }.sorted()
    }

    let header = """
    import html, os, shlex, sqlite3, subprocess
    from flask import Flask, request
    app = Flask(__name__)

    """

    @Test func anEscapeForHTMLDoesNotProtectAShellAPathOrSQL() {
        let got = rules(header + """
        @app.route("/a")
        def a():
            name = html.escape(request.args["name"])
            os.system("echo " + name)
            db = sqlite3.connect("x.db")
            db.execute("SELECT * FROM t WHERE n = '" + name + "'")
            return open(os.path.join("/srv", name)).read()
        """)
        #expect(got == ["10: TL-WEB-PATH-TRAVERSAL", "7: TL-B605", "9: TL-B608"], "\(got)")
    }

    @Test func eachSanitizerQuietsItsOwnSink() {
        let got = rules(header + """
        @app.route("/b")
        def b():
            name = request.args["name"]
            os.system("echo " + shlex.quote(name))
            page = open(os.path.join("/srv", os.path.basename(name))).read()
            return "<p>" + html.escape(name) + "</p>"
        """)
        #expect(got.isEmpty, "\(got)")
    }

    @Test func aBasenameStillReachesHTMLAndAQuoteStillReachesAPath() {
        let got = rules(header + """
        @app.route("/c")
        def c():
            name = request.args["name"]
            page = open(os.path.join("/srv", shlex.quote(name))).read()
            return "<p>" + os.path.basename(name) + "</p>"
        """)
        #expect(got == ["7: TL-WEB-PATH-TRAVERSAL", "8: TL-WEB-REFLECTED-XSS"], "\(got)")
    }

    @Test func aHelperThatEscapesProtectsHTMLOnly() {
        let got = rules(header + """
        def clean(text):
            return html.escape(text.strip())

        @app.route("/d")
        def d():
            name = clean(request.args["name"])
            subprocess.run("grep " + name + " /srv/log", shell=True)
            return "<p>" + name + "</p>"
        """)
        #expect(got == ["10: TL-B602"], "\(got)")
    }

    @Test func aCallerThatEscapesProtectsTheHelpersHTMLSinkOnly() {
        let got = rules(header + """
        def show(text):
            return "<p>" + text + "</p>"

        def run(text):
            return subprocess.run("grep " + text + " /srv/log", shell=True)

        @app.route("/e")
        def e():
            run(html.escape(request.args["q"]))
            return show(html.escape(request.args["q"]))
        """)
        #expect(got == ["8: TL-B602"], "\(got)")
    }

    @Test func aConversionProtectsEverySink() {
        let got = rules(header + """
        def run(count):
            return subprocess.run("head -n " + count + " /srv/log", shell=True)

        @app.route("/f")
        def f():
            count = str(int(request.args["n"]))
            run(count)
            return "<p>" + count + "</p>"
        """)
        #expect(got.isEmpty, "\(got)")
    }

    /// A password hash is the form a password may be stored in; an escape is not a hash.
    @Test func aPasswordHasherProtectsTheStoredPasswordAndAnEscapeDoesNot() {
        let got = rules(header + """
        from flask_bcrypt import generate_password_hash
        from .models import User

        @app.route("/g", methods=["POST"])
        def g():
            hashed = User(password=generate_password_hash(request.form["password"]))
            escaped = User(password=html.escape(request.form["password"]))
            return "ok"
        """)
        #expect(got == ["10: TL-WEB-PLAINTEXT-PASSWORD"], "\(got)")
    }
}
