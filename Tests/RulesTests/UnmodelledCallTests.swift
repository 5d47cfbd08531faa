import Findings
import Testing
@testable import Rules

/// A library call with no model passes its arguments on, at low confidence: the flow is never
/// dropped silently. Modelled calls keep their own meaning (sanitizers, encoders, conversions),
/// and the project's own functions are followed through their summaries.
@Suite("Flows through library calls with no model")
struct UnmodelledCallTests {
    func flows(_ code: String) -> [Finding] { analyze(code).findings.filter { !$0.steps.isEmpty } }

    @Test func anUnmodelledCallPassesTheDataOnAtLowConfidence() {
        let found = flows("""
        import textwrap
        import markdown
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/a")
        def a():
            return "<div>" + markdown.markdown(request.args["text"]) + "</div>"

        @app.route("/b")
        def b():
            return open(textwrap.dedent(request.args["path"])).read()
        """)
        #expect(found.map { "\($0.location.startLine): \($0.ruleID)" }.sorted() == ["12: TL-WEB-PATH-TRAVERSAL", "8: TL-WEB-REFLECTED-XSS"])
        for finding in found {
            #expect(finding.confidence == .low)
            #expect(finding.severity <= .medium)
            #expect(finding.description.contains("a library call Taintline has no model of"))
            #expect(finding.properties["flow"] != nil)
        }
    }

    @Test func aMethodOfAnObjectAnUnmodelledLibraryMadePassesTheDataOn() {
        let found = flows("""
        import thirdparty
        import requests
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/t", methods=["POST"])
        def t():
            thing = thirdparty.create_thing()
            bar = thing.do_something(request.form.get("name", ""))
            open("/srv/files/" + bar, "wb").close()
            session = requests.Session()
            reply = session.get("https://api.example.com/", params={"q": request.form["q"]}, timeout=5).text
            return open("/srv/files/" + reply).read()
        """)
        #expect(found.map { "\($0.location.startLine): \($0.ruleID)" } == ["10: TL-WEB-PATH-TRAVERSAL"])
        #expect(found.first?.confidence == .low)
        #expect(found.first?.description.contains("thing.do_something") == true)
    }

    @Test func modelledCallsAndTheProjectsOwnFunctionsAreNotAssumed() {
        let found = flows("""
        import base64, hashlib, html, uuid
        import requests
        from flask import Flask, request, url_for
        app = Flask(__name__)

        def lookup(name):
            return {"a": "/srv/a"}.get(name, "/srv/default")

        @app.route("/c")
        def c():
            name = request.args["name"]
            token = base64.b64encode(name.encode()).decode()
            digest = hashlib.sha256(name.encode()).hexdigest()
            reply = requests.get("https://api.example.com/", params={"q": name}, timeout=5).text
            return "<p>" + html.escape(name) + token + digest + str(uuid.UUID(name)) + url_for("c") + reply + "</p>"

        @app.route("/d")
        def d():
            return open(lookup(request.args["name"])).read()
        """)
        #expect(found.isEmpty, "\(found.map { "\($0.location.startLine): \($0.ruleID) \($0.description)" })")
    }

    @Test func aModelledFlowKeepsItsConfidence() {
        let found = flows("""
        import textwrap
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/e")
        def e():
            name = request.args["name"]
            return open("/srv/" + (textwrap.dedent(name) if name.startswith(" ") else name)).read()
        """)
        #expect(found.count == 1)
        #expect(found.first?.confidence != .low)
    }
}
