import Dataflow
import Findings
import PythonSyntax

/// B613: Unicode bidirectional control characters in source (trojan source).
enum TrojanSource {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B613", name: "trojan-source", summary: "bidirectional control character in source",
        severity: .high, confidence: .medium, owasp: .a08, cwe: 838, bandit: "B613", ruff: nil,
        what: "Finds Unicode bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) anywhere in a source file, comments and strings included.",
        why: "These characters reorder how code is displayed: a reviewer sees one program, Python runs another (CVE-2021-42574, \"Trojan Source\").",
        example: "access = \"user\u{202E} \u{2066}# admin\u{2069} \u{2066}\"",
        useInstead: "access = \"user\"  # no invisible control characters",
        references: ["https://trojansource.codes/", RuleDoc.bandit("plugins/b613_trojansource.html")])

    static let rule = Rule(descriptor, on: [.module], examples: [
        RuleExample("ok = 1\naccess_level = \"user\u{202E} \u{2066}# Check if admin\u{2069} \u{2066}\"  # error: TL-B613\n", perturbable: false),
        RuleExample("# comment \u{2067}hidden\u{2069} text  # error: TL-B613\nx = 1\n", perturbable: false),
        RuleExample("name = \"\u{05E9}\u{05DC}\u{05D5}\u{05DD}\"  # Hebrew text without control characters\n"),
    ], check: { check($0, $1) })

    /// UTF-8 encodings of the controls: E2 80 AA–AE, E2 81 A6–A9, E2 80 8E–8F, D8 9C.
    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        let bytes = context.source.bytes
        var findings: [Finding] = []
        var line = 1
        var lineStart = 0
        var reportedLine = 0
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            if b == 10 {
                line += 1
                lineStart = index + 1
            } else if line != reportedLine, let width = controlWidth(bytes, index) {
                reportedLine = line
                let column = Int32(index - lineStart)
                let range = SourceRange(lineno: Int32(line), colOffset: column, endLineno: Int32(line), endColOffset: column + Int32(width),
                                        start: Int32(index), end: Int32(index + width))
                let code = String(decoding: bytes[index..<(index + width)], as: UTF8.self).unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
                findings.append(context.finding(descriptor, range: range, enclosing: nil,
                                                description: "Line \(line) contains the invisible bidirectional control U+\(code): the code as displayed may differ from the code Python runs.",
                                                remediation: "Delete the control character; if right-to-left text is needed in a string, write it with `\\u` escapes."))
            }
            index += 1
        }
        return findings
    }

    static func controlWidth(_ bytes: [UInt8], _ i: Int) -> Int? {
        if bytes[i] == 0xE2, i + 2 < bytes.count {
            let b1 = bytes[i + 1], b2 = bytes[i + 2]
            if b1 == 0x80, (0xAA...0xAE).contains(b2) || b2 == 0x8E || b2 == 0x8F { return 3 }
            if b1 == 0x81, (0xA6...0xA9).contains(b2) { return 3 }
        }
        if bytes[i] == 0xD8, i + 1 < bytes.count, bytes[i + 1] == 0x9C { return 2 }
        return nil
    }
}
