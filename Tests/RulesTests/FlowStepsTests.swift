import Findings
import Testing
@testable import Rules

/// A flow finding carries the path the request data took, source first, one step per line.
@Suite("Flow findings show their path")
struct FlowStepsTests {
    func steps(_ code: String, _ rule: String) throws -> [FlowStep] {
        let finding = try #require(analyze(code).findings.first { $0.ruleID == rule }, "\(rule) did not fire")
        return finding.steps
    }

    @Test func throughAssignmentsAndAContainer() throws {
        let path = try steps("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/f")
        def f():
            name = request.args.get("name", "")
            parts = []
            parts.append(name)
            target = parts[0]
            return open(target).read()
        """, "TL-WEB-PATH-TRAVERSAL")
        #expect(path.map(\.location.startLine) == [6, 8, 9, 10])
        #expect(path.first?.message.contains("request.args.get(\"name\", \"\")") == true)
        #expect(path.first?.message.contains("request data read") == true)
    }

    @Test func dataPassedInStartsAtTheCaller() throws {
        let path = try steps("""
        from flask import Flask, request
        app = Flask(__name__)

        def run(cmd):
            import subprocess
            subprocess.run(["sh", "-c", cmd])

        @app.route("/r")
        def view():
            run(request.args["cmd"])
            return "ok"
        """, "TL-WEB-COMMAND-INJECTION")
        #expect(path.first?.location.startLine == 10)
        #expect(path.first?.location.enclosingScope == "view")
        #expect(path.last?.location.startLine == 6)
    }

    @Test func nameBasedFindingsHaveNoPath() throws {
        let findings = analyze("""
        import subprocess
        def job(cmd):
            subprocess.run(cmd, shell=True)
        """).findings
        #expect(findings.contains { $0.ruleID == "TL-B602" })
        #expect(findings.allSatisfy { $0.steps.isEmpty })
    }
}

/// Code findings in test files are kept but cannot fail a Medium gate.
@Suite("Findings in test code")
struct TestCodeFindingsTests {
    let code = """
    import subprocess
    def run(cmd):
        subprocess.run(cmd, shell=True)
        eval(cmd)
    """

    @Test func testFilesGetLowSeverityAndConfidence() {
        let inTests = analyze(code, path: "tests/test_jobs.py").findings
        #expect(!inTests.isEmpty)
        #expect(inTests.allSatisfy { $0.severity <= .low && $0.confidence == .low && $0.properties["context"] == "test code" })
    }

    @Test func applicationCodeKeepsTheRulesSeverity() {
        let inApp = analyze(code, path: "app/jobs.py").findings
        #expect(inApp.contains { $0.severity >= .medium })
        #expect(inApp.allSatisfy { $0.properties["context"] == nil })
    }
}
