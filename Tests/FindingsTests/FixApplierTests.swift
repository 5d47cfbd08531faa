import Testing
@testable import Findings

/// Edits at byte offsets of `text`, with positions from its line table.
private func edit(_ text: String, _ start: Int, _ end: Int, _ replacement: String) -> TextEdit {
    let lines = LineIndex(Array(text.utf8))
    return TextEdit(start: lines.position(start), end: lines.position(end), replacement: replacement)
}

private func fix(_ edits: TextEdit...) -> Fix { Fix(message: "m", applicability: .safe, edits: edits) }

@Suite struct FixApplierTests {
    @Test func appliesEditsInPlaceOrder() {
        let text = "a = yaml.load(s)\nb = 1\n"
        let result = FixApplier.apply([fix(edit(text, 9, 13, "safe_load")), fix(edit(text, 21, 22, "2"))], to: Array(text.utf8))
        #expect(String(decoding: result.text, as: UTF8.self) == "a = yaml.safe_load(s)\nb = 2\n")
        #expect(result.applied == [0, 1] && result.conflicting.isEmpty && result.invalid.isEmpty)
    }

    /// The same `import os` needed by two fixes is written once; insertions at one place keep the
    /// order of their fixes; an edit inside text another fix replaces is a conflict.
    @Test func sharedEditsOnceInsertionsInOrderOverlapsConflict() {
        let text = "run(debug=True)\nrun(debug=True)\n"
        let importOS = edit(text, 0, 0, "import os\n")
        let first = fix(importOS, edit(text, 10, 14, "env"))
        let second = fix(importOS, edit(text, 26, 30, "env"))
        var result = FixApplier.apply([first, second], to: Array(text.utf8))
        #expect(String(decoding: result.text, as: UTF8.self) == "import os\nrun(debug=env)\nrun(debug=env)\n")
        #expect(result.edits.count == 3)

        let call = "f(a)"
        result = FixApplier.apply([fix(edit(call, 3, 3, ", x=1")), fix(edit(call, 3, 3, ", y=2")), fix(edit(call, 2, 3, "b"))], to: Array(call.utf8))
        #expect(String(decoding: result.text, as: UTF8.self) == "f(b, x=1, y=2)")

        result = FixApplier.apply([fix(edit(call, 0, 4, "g()")), fix(edit(call, 2, 3, "b"))], to: Array(call.utf8))
        #expect(result.applied == [0] && result.conflicting == [1])
        #expect(String(decoding: result.text, as: UTF8.self) == "g()")
    }

    @Test func editsThatDoNotFitAreInvalid() {
        let text = "s = 'é'\n"
        let outside = TextEdit(start: TextPosition(offset: 2, line: 1, column: 3), end: TextPosition(offset: 99, line: 1, column: 3), replacement: "")
        let insideCharacter = TextEdit(start: TextPosition(offset: 6, line: 1, column: 7), end: TextPosition(offset: 6, line: 1, column: 7), replacement: "x")
        let result = FixApplier.apply([fix(outside), fix(insideCharacter), fix(edit(text, 0, 1, "t"))], to: Array(text.utf8))
        #expect(result.invalid == [0, 1] && result.applied == [2])
    }

    @Test func positionsCountCharactersAndMapThroughEdits() {
        let text = "# é\nx = 1\n"
        let lines = LineIndex(Array(text.utf8))
        #expect(lines.position(5) == TextPosition(offset: 5, line: 2, column: 1))
        #expect(lines.position(4) == TextPosition(offset: 4, line: 1, column: 4))
        #expect(lines.offset(line: 1, column: 4) == 4)
        #expect(lines.offset(line: 2, column: 5) == 9)
        let edits = [edit(text, 0, 0, "import os\n"), edit(text, 9, 10, "22")]
        #expect(FixApplier.map(5, through: edits) == 15)
        #expect(FixApplier.map(10, through: edits) == 21)
        // Inside a replaced span: its start, or (for an end) its end.
        #expect(FixApplier.map(10, through: [edit(text, 5, 10, "y")]) == 6)
        #expect(FixApplier.map(7, through: [edit(text, 5, 10, "yy")], towardEnd: true) == 7)
        #expect(FixApplier.map(7, through: [edit(text, 5, 10, "yy")]) == 5)
        // An insertion where a range starts stays after it for the range's start.
        #expect(FixApplier.map(0, through: edits) == 0)
    }

    /// A finding remains when a finding of its rule and weakness covers where its code went.
    @Test func aFindingRemainsOnlyWhereItsCodeWent() {
        let before = "import yaml\nx = yaml.load(s)\n"
        let finding = Finding(ruleID: "TL-B506", title: "t", severity: .medium, confidence: .high, owasp: .a08, cwe: CWE(502),
                              location: Location(file: "a.py", startLine: 2, startColumn: 5, endLine: 2, endColumn: 17), description: "d", remediation: "r")
        let edits = [edit(before, 0, 0, "import os\n"), edit(before, 21, 25, "safe_load")]
        let after = Array("import os\nimport yaml\nx = yaml.safe_load(s)\n".utf8)
        var there = finding
        there.location = Location(file: "a.py", startLine: 3, startColumn: 5, endLine: 3, endColumn: 22)
        var elsewhere = there
        elsewhere.location.startLine = 1
        elsewhere.location.endLine = 1
        var otherWeakness = there
        otherWeakness.cwe = CWE(20)
        let old = LineIndex(Array(before.utf8)), new = LineIndex(after)
        #expect(finding.remains(after: edits, before: old, afterText: new, in: [there]))
        #expect(!finding.remains(after: edits, before: old, afterText: new, in: [elsewhere, otherWeakness]))
        var merged = elsewhere
        merged.ruleID = "TL-OTHER"
        merged.covers = [there]
        #expect(finding.remains(after: edits, before: old, afterText: new, in: [merged]))
    }
}
