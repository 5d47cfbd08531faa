import Findings
import Foundation
@testable import Reporting

/// A fixed report with one finding of each kind of location: in a function, in a class, at module
/// level, in a non-Python file, and at a URL; plus a suppressed finding, file outcomes and a notice.
enum Fixtures {
    static let sqlRule = RuleDescriptor(
        id: "TL-B608", name: "sql-injection", summary: "SQL query built from untrusted input", severity: .high, confidence: .medium,
        owasp: .a03, cwe: CWE(89), analysis: .code,
        documentation: """
        ## What it does
        Finds SQL text built from request data and passed to a cursor.

        ## Why is this bad?
        An attacker rewrites the query.
        """,
        references: ["https://owasp.org/Top10/A03_2021-Injection/"], aliases: ["B608", "S608"])

    static let shellRule = RuleDescriptor(
        id: "TL-B602", name: "subprocess-shell-true", summary: "Shell command with shell=True", severity: .high, confidence: .high,
        owasp: .a03, cwe: CWE(78), analysis: .code, documentation: "## What it does\nFlags `shell=True`.", aliases: ["B602", "S602"])

    static let debugRule = RuleDescriptor(
        id: "TL-DEBUG", name: "flask-debug", summary: "Flask debug mode enabled", severity: .medium, confidence: .high,
        owasp: .a05, cwe: CWE(489), analysis: .code, documentation: "")

    static let secretRule = RuleDescriptor(
        id: "SECRET-AWS", name: "aws-access-key", summary: "AWS access key id", severity: .critical, confidence: .high,
        owasp: .a07, cwe: CWE(798), analysis: .secrets, documentation: "## What it does\nFinds AWS keys.")

    static let cspRule = RuleDescriptor(
        id: "PROBE-CSP", name: "missing-csp", summary: "No Content-Security-Policy header", severity: .low, confidence: .high,
        owasp: .a05, cwe: CWE(693), analysis: .probe, documentation: "## What it does\nChecks the CSP header.")

    static let sql = Finding(
        ruleID: "TL-B608", title: "SQL query built from request data", severity: .high, confidence: .medium, owasp: .a03, cwe: CWE(89),
        location: Location(file: "app/routes/auth.py", startLine: 3, startColumn: 17, endLine: 3, endColumn: 58, enclosingScope: "login"),
        description: "`request.form[\"user\"]` reaches `cursor.execute` through string formatting.",
        proofOfConcept: "POST /login HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\nuser=' OR '1'='1",
        remediation: "Pass the value as a query parameter.", fixSnippet: "cur.execute(\"SELECT * FROM users WHERE name = %s\", (user,))",
        references: ["https://owasp.org/Top10/A03_2021-Injection/"], analysis: .code, fingerprint: "1111aaaa2222bbbb",
        snippet: "cur.execute(\"SELECT * FROM users WHERE name = '%s'\" % user)")

    static let shell = Finding(
        ruleID: "TL-B602", title: "Shell command built from input", severity: .high, confidence: .high, owasp: .a03, cwe: CWE(78),
        location: Location(file: "app/tasks.py", startLine: 12, startColumn: 9, endLine: 12, endColumn: 20, enclosingScope: "Worker"),
        description: "`subprocess.run` runs a shell.", remediation: "Pass a list and drop shell=True.",
        analysis: .code, fingerprint: "3333cccc4444dddd", snippet: "subprocess.run(cmd, shell=True)")

    /// With an unsafe fix: `import os` at the top, and the flag read from the environment.
    static let debug: Finding = {
        var finding = Finding(
            ruleID: "TL-DEBUG", title: "Debug mode on", severity: .medium, confidence: .high, owasp: .a05, cwe: CWE(489),
            location: Location(file: "app/main.py", startLine: 40), description: "`app.run(debug=True)` exposes the Werkzeug console.",
            remediation: "Read debug from the environment.", analysis: .code, fingerprint: "5555eeee6666ffff", snippet: "app.run(debug=True)")
        finding.fix = Fix(message: "Read debug mode from `FLASK_DEBUG`", applicability: .unsafe, edits: [
            TextEdit(start: TextPosition(offset: 0, line: 1, column: 1), end: TextPosition(offset: 0, line: 1, column: 1), replacement: "import os\n"),
            TextEdit(start: TextPosition(offset: 812, line: 40, column: 15), end: TextPosition(offset: 816, line: 40, column: 19),
                     replacement: "os.environ.get(\"FLASK_DEBUG\") == \"1\""),
        ])
        return finding
    }()

    static let secret = Finding(
        ruleID: "SECRET-AWS", title: "AWS access key id", severity: .critical, confidence: .high, owasp: .a07, cwe: CWE(798),
        location: Location(file: ".env", startLine: 2, startColumn: 19, endLine: 2, endColumn: 39),
        description: "An AWS access key id (AKIA…, 20 characters, sha256 3f2a…) is committed.", remediation: "Revoke the key and load it from the environment.",
        analysis: .secrets, fingerprint: "7777000088881111", snippet: "AWS_ACCESS_KEY_ID=AKIA****************")

    static let csp = Finding(
        ruleID: "PROBE-CSP", title: "No Content-Security-Policy", severity: .low, confidence: .high, owasp: .a05, cwe: CWE(693),
        location: Location(file: "http://127.0.0.1:5000/login", startLine: 0), description: "The response has no CSP header.",
        proofOfConcept: "curl -sI http://127.0.0.1:5000/login", remediation: "Send a Content-Security-Policy header.",
        analysis: .probe, fingerprint: "9999222233334444")

    static let suppressedShell = SuppressedFinding(
        finding: Finding(ruleID: "TL-B602", title: "Shell command built from input", severity: .high, confidence: .high, owasp: .a03, cwe: CWE(78),
                         location: Location(file: "app/tasks.py", startLine: 30, startColumn: 5, endLine: 30, endColumn: 19, enclosingScope: "Worker.cleanup"),
                         description: "`os.system` runs a shell.", remediation: "Use shutil.", analysis: .code, fingerprint: "aaaa5555bbbb6666",
                         snippet: "os.system(cmd)"),
        mechanism: "nosec", reason: nil)

    static var report: ScanReport {
        ScanReport(
            toolVersion: "0.1.0", roots: ["."],
            findings: [csp, shell, sql, secret, debug],
            suppressed: [suppressedShell],
            files: [
                FileOutcome(path: "app/routes/auth.py", status: .scanned(partial: false)),
                FileOutcome(path: "app/tasks.py", status: .scanned(partial: false)),
                FileOutcome(path: "app/main.py", status: .scanned(partial: true)),
                FileOutcome(path: ".env", status: .scanned(partial: false)),
                FileOutcome(path: "static/logo.png", status: .skipped(reason: "binary")),
                FileOutcome(path: "static/icon.png", status: .skipped(reason: "binary")),
                FileOutcome(path: "venv/lib.py", status: .skipped(reason: "excluded")),
                FileOutcome(path: "app/broken.py", status: .failed(reason: "not valid UTF-8 at byte 120")),
            ],
            rules: [sqlRule, shellRule, debugRule, secretRule, cspRule],
            notices: ["probe: http://127.0.0.1:5000/admin answered 500"])
    }

    /// The source of app/routes/auth.py, for code frames.
    static let authSource = [
        "@app.post(\"/login\")",
        "def login():",
        "    cur.execute(\"SELECT * FROM users WHERE name = '%s'\" % user)",
        "    return \"ok\"",
    ]

    /// The text of app/main.py as the scan read it: line 40 is `app.run(debug=True)` at byte 798,
    /// where the debug finding's fix points.
    static let mainText: [UInt8] = {
        var lines = ["from flask import Flask", "app = Flask(__name__)"]
        while lines.count < 39 { lines.append("# settings") }
        let used = lines.reduce(0) { $0 + $1.utf8.count + 1 }
        lines[38] += String(repeating: "#", count: 798 - used)
        return Array((lines + ["app.run(debug=True)"]).map { $0 + "\n" }.joined().utf8)
    }()

    /// The texts of the files whose findings have fixes, as `SourceLines.texts` reads them.
    static let texts: [String: [UInt8]] = ["app/main.py": mainText]

    static func finding(_ rule: String, file: String = "app.py", line: Int, endLine: Int? = nil, severity: Severity = .high,
                        confidence: Confidence = .high, owasp: OWASPCategory = .a03, cwe: Int = 78, analysis: Analysis = .code) -> Finding {
        Finding(ruleID: rule, title: "t", severity: severity, confidence: confidence, owasp: owasp, cwe: CWE(cwe),
                location: Location(file: file, startLine: line, endLine: endLine), description: "d", remediation: "r",
                analysis: analysis, snippet: "line \(line)")
    }
}

/// Runs a program found on the PATH, standard output and error together, and waits for it.
func runProgram(_ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
