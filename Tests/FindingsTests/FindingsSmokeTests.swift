import Testing
@testable import Findings

@Test func fingerprintIgnoresLineNumbersAndWhitespace() {
    let a = Fingerprint.make(ruleID: "X", file: "a.py", scope: "f", snippet: "os.system(cmd)")
    let b = Fingerprint.make(ruleID: "X", file: "a.py", scope: "f", snippet: "  os.system( cmd)".replacingOccurrences(of: "( ", with: "("))
    #expect(a == b)
    #expect(a != Fingerprint.make(ruleID: "Y", file: "a.py", scope: "f", snippet: "os.system(cmd)"))
}

@Test func severityParsesNamesCaseInsensitively() {
    #expect(Severity(name: "HIGH") == .high)
    #expect(Severity(name: "nope") == nil)
    #expect(Severity.low < Severity.critical)
}
