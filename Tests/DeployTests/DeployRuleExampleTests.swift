import Findings
import Foundation
import Testing
@testable import Deploy

/// Scans one example as its path's kind of file.
func scan(_ text: String, path: String) -> DeployScanResult? {
    DeployScanner.scan(bytes: Array(text.utf8), relativePath: path, displayPath: path)
}

/// Lines (sorted, with repeats) where `rule` reported.
func reportedLines(_ result: DeployScanResult?, _ rule: String) -> [Int] {
    (result?.findings ?? []).filter { $0.ruleID == rule }.map(\.location.startLine).sorted()
}

func expectedLines(_ example: DeployExample, _ rule: String) -> [Int] {
    example.expectedFindings.flatMap { line, ids in Array(repeating: line, count: ids.filter { $0 == rule }.count) }.sorted()
}

@Suite("Every deploy rule's own examples")
struct DeployRuleExampleTests {
    @Test("has flagged and quiet examples", arguments: DeployRules.all)
    func hasBothKindsOfExamples(rule: DeployRule) {
        #expect(rule.examples.contains { !expectedLines($0, rule.id).isEmpty }, "\(rule.id) has no flagged example")
        #expect(rule.examples.contains { $0.expectedFindings.isEmpty }, "\(rule.id) has no quiet example")
    }

    @Test("reports exactly the marked lines", arguments: DeployRules.all)
    func reportsExactlyTheMarkedLines(rule: DeployRule) {
        for example in rule.examples {
            #expect(DeployScanner.candidateKind(relativePath: example.path) == rule.kind, "\(rule.id): \(example.path) is not a \(rule.kind) file")
            let result = scan(example.scannedText, path: example.path)
            #expect(result?.failure == nil, "\(rule.id): example does not parse: \(result?.failure ?? "")\n\(example.text)")
            let got = reportedLines(result, rule.id)
            let want = expectedLines(example, rule.id)
            #expect(got == want, "\(rule.id): reported lines \(got), marked lines \(want) in\n\(example.text)")
            for finding in result?.findings ?? [] where finding.ruleID == rule.id {
                #expect(!finding.description.isEmpty && !finding.remediation.isEmpty)
                #expect(finding.snippet.map { !$0.isEmpty } ?? false)
                #expect(finding.location.startColumn >= 1)
                #expect(finding.analysis == .deploy)
                #expect(Calibration.allows(severity: finding.severity, confidence: finding.confidence),
                        "\(rule.id) line \(finding.location.startLine): \(finding.severity) at \(finding.confidence) confidence breaks the calibration policy")
                // A credential is never printed whole: the description shows it redacted and the
                // snippet's span is masked by every reporter.
                for span in finding.redactions {
                    #expect(!finding.description.contains(span.secret), "\(rule.id) prints a secret")
                    #expect((finding.snippet ?? "").contains(span.secret), "\(rule.id): the redacted span is not on the snippet's line")
                }
            }
        }
    }

    @Test("stays quiet when every line is commented out", arguments: DeployRules.all)
    func commentedOutStaysQuiet(rule: DeployRule) {
        for example in rule.examples where example.perturbable && !expectedLines(example, rule.id).isEmpty {
            let commented = example.scannedText.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n")
            #expect(reportedLines(scan(commented, path: example.path), rule.id).isEmpty, "\(rule.id) fires inside comments")
        }
    }

    @Test("shifts with a two-line multi-byte prefix", arguments: DeployRules.all)
    func shiftsWithPrefix(rule: DeployRule) {
        let prefix = "# Modülé — ünïcode\n# ☃ déploiement\n"
        for example in rule.examples where example.perturbable && !expectedLines(example, rule.id).isEmpty {
            let got = reportedLines(scan(prefix + example.scannedText, path: example.path), rule.id)
            #expect(got == expectedLines(example, rule.id).map { $0 + 2 }, "\(rule.id) after a two-line prefix")
        }
    }

    @Test("documentation has the fixed shape", arguments: DeployRules.all)
    func documentationShape(rule: DeployRule) {
        let descriptor = rule.descriptor
        for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"] {
            #expect(descriptor.documentation.contains(heading), "\(rule.id) lacks \(heading)")
        }
        #expect(descriptor.id.hasPrefix("TL-DEPLOY-"))
        #expect(descriptor.analysis == .deploy)
        #expect(Calibration.allows(severity: descriptor.severity, confidence: descriptor.confidence), "\(rule.id) breaks the calibration policy")
        let categories = OWASPCategory.categories(of: descriptor.cwe)
        #expect(categories.isEmpty || categories.contains(descriptor.owasp), "\(rule.id): \(descriptor.cwe) is not in \(descriptor.owasp.code)")
        #expect(descriptor.references.contains(descriptor.cwe.url))
    }
}

@Suite("The deploy catalog")
struct DeployCatalogTests {
    @Test func idsAreUnique() {
        let ids = DeployRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }

    /// Every `static let rule = DeployRule(` under Sources/Deploy is registered.
    @Test func registryListsEveryRuleFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent("Sources/Deploy"), includingPropertiesForKeys: nil)
        var declared = 0
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            declared += try String(contentsOf: url, encoding: .utf8).components(separatedBy: "static let rule = DeployRule(").count - 1
        }
        #expect(declared == DeployRules.all.count, "\(declared) rules declared, \(DeployRules.all.count) registered")
    }
}
