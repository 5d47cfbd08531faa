import Findings
@testable import LanguageServer
import Workspace
import XCTest

final class CodeActionTests: XCTestCase {
    /// A finding of `requests.get(url)` without a timeout, with the rule's unsafe fix (a `timeout=`).
    func subject(_ text: String, applicability: FixApplicability) -> CodeActions.Subject {
        let bytes = Array(text.utf8)
        let close = bytes.lastIndex(of: UInt8(ascii: ")"))!
        let lines = DocumentLines(bytes)
        let at = lines.index.position(close)
        var finding = Finding(ruleID: "TL-REQUESTS-TIMEOUT", title: "Request without a timeout", severity: .medium, confidence: .high,
                              owasp: .a04, cwe: CWE(400), location: Location(file: "app.py", startLine: 2, startColumn: 1, endLine: 2, endColumn: at.column + 1),
                              description: "`requests.get` has no timeout.", remediation: "Pass timeout=.")
        finding.fix = Fix(message: "Add `timeout=10`", applicability: applicability, edits: [TextEdit(start: at, end: at, replacement: ", timeout=10")])
        return CodeActions.Subject(finding: finding, diagnostic: ["code": finding.ruleID], uri: "file:///p/app.py", lines: lines,
                                   file: DiscoveredFile(path: "/p/app.py", displayPath: "app.py", relativePath: "app.py", root: "."), options: nil)
    }

    func testUnsafeFixIsMarkedAndPlacedInUTF16Columns() throws {
        let action = try XCTUnwrap(CodeActions.fixAction(subject("import requests\nr = requests.get(\"https://é😀.example\")\n", applicability: .unsafe)))
        XCTAssertEqual(action["title"] as? String, "Fix TL-REQUESTS-TIMEOUT: Add `timeout=10` (unsafe)")
        XCTAssertEqual(action["isPreferred"] as? Bool, false)
        let edit = try XCTUnwrap((((action["edit"] as? [String: Any])?["changes"] as? [String: Any])?["file:///p/app.py"] as? [[String: Any]])?.first)
        // `r = requests.get("https://é😀.example"` is 37 characters, 38 UTF-16 units (😀 is two).
        XCTAssertEqual(LSPRange(json: edit["range"]), LSPRange(start: LSPPosition(line: 1, character: 38), end: LSPPosition(line: 1, character: 38)))
        XCTAssertEqual(edit["newText"] as? String, ", timeout=10")
    }

    func testSafeFixIsPreferred() throws {
        let action = try XCTUnwrap(CodeActions.fixAction(subject("import requests\nr = requests.get(u)\n", applicability: .safe)))
        XCTAssertEqual(action["title"] as? String, "Fix TL-REQUESTS-TIMEOUT: Add `timeout=10`")
        XCTAssertEqual(action["isPreferred"] as? Bool, true)
    }

    func testNoFixWhenTheFixedCodeWouldNotParseOrTheFileDoesNot() {
        var broken = subject("import requests\nr = requests.get(u)\n", applicability: .safe)
        broken.finding.fix?.edits[0].replacement = ", timeout=("
        XCTAssertNil(CodeActions.fixAction(broken), "scan --fix refuses a fix whose result does not parse")
        XCTAssertNil(CodeActions.fixAction(subject("import requests\nr = requests.get(u)\ndef (\n", applicability: .safe)),
                     "scan --fix leaves files with syntax errors alone")
    }
}
