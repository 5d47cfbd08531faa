import Findings
import Foundation
import PythonSemantics
import PythonSyntax
import Testing
@testable import Rules

/// Parses and analyses a snippet with the standard engine.
/// Runs the engine on one example as a one-module project, so the cross-function facts
/// (parameters filled with request data, what helpers return) apply as in a real scan.
func analyze(_ code: String, path: String = "example.py", engine: RuleEngine = .standard) -> (tree: SyntaxTree, findings: [Finding]) {
    let source = SourceFile(path: path, utf8: Array(code.utf8))
    let tree = PythonParser.parse(source)
    let (_, findings) = engine.analyzeProject([RuleEngine.ProjectFile(path: path, source: source, tree: tree)])
    return (tree, findings.first ?? [])
}

/// Lines (sorted, with repeats) where `rule` reported in `findings`.
func reportedLines(_ findings: [Finding], _ rule: String) -> [Int] {
    findings.filter { $0.ruleID == rule }.map(\.location.startLine).sorted()
}

func expectedLines(_ example: RuleExample, _ rule: String) -> [Int] {
    // A rule listed twice on a line (`# error: X, X`) reports twice there.
    example.expectedFindings.flatMap { line, ids in Array(repeating: line, count: ids.filter { $0 == rule }.count) }.sorted()
}

@Suite("Every rule's own examples")
struct RuleExampleTests {
    @Test("has triggering and non-triggering examples", arguments: RuleRegistry.all)
    func hasBothKindsOfExamples(rule: Rule) {
        #expect(rule.examples.contains { !expectedLines($0, rule.id).isEmpty }, "\(rule.id) has no triggering example")
        #expect(rule.examples.contains { $0.expectedFindings.isEmpty }, "\(rule.id) has no non-triggering example")
    }

    @Test("reports exactly the marked lines", arguments: RuleRegistry.all)
    func reportsExactlyTheMarkedLines(rule: Rule) {
        for example in rule.examples {
            let (tree, findings) = analyze(example.code, path: example.path)
            #expect(tree.errors.isEmpty, "\(rule.id): example does not parse: \(tree.errors.first?.message ?? "")\n\(example.code)")
            let got = reportedLines(findings, rule.id)
            let want = expectedLines(example, rule.id)
            #expect(got == want, "\(rule.id): reported lines \(got), marked lines \(want) in\n\(example.code)")
            for finding in findings where finding.ruleID == rule.id {
                #expect(!finding.description.isEmpty && !finding.remediation.isEmpty)
                #expect(finding.snippet.map { !$0.isEmpty } ?? false)
                #expect(finding.location.startColumn >= 1)
                #expect(Calibration.allows(severity: finding.severity, confidence: finding.confidence),
                        "\(rule.id) line \(finding.location.startLine): \(finding.severity) at \(finding.confidence) confidence breaks the calibration policy")
            }
            for (line, fix) in example.fixes {
                let here = findings.filter { $0.ruleID == rule.id && $0.location.startLine == line }
                #expect(!here.isEmpty, "\(rule.id): a fix is expected on line \(line), where nothing is reported")
                for finding in here {
                    #expect((finding.fixSnippet ?? "") == fix, "\(rule.id) line \(line): fix \(finding.fixSnippet ?? "none"), expected \(fix.isEmpty ? "none" : fix)")
                }
            }
        }
    }

    /// A rule's declared fix rewrites each `before` into its `after` exactly (also after a
    /// two-line multi-byte prefix), with the declared applicability; the result parses and the
    /// fixed findings are gone when it is analysed again. A rule without a declaration offers no fix.
    @Test("fixes its examples as they show", arguments: RuleRegistry.all)
    func fixesRewriteTheirExamples(rule: Rule) {
        for example in rule.examples {
            let offered = analyze(example.code, path: example.path).findings.filter { $0.ruleID == rule.id && $0.fix != nil }
            #expect(offered.isEmpty || rule.autofix != nil, "\(rule.id) offers fixes but declares no Autofix")
        }
        guard let autofix = rule.autofix else { return }
        #expect(autofix.examples.contains { $0.before != $0.after }, "\(rule.id) declares a fix but no example it changes")
        #expect(rule.descriptor.fixApplicability == autofix.applicability)
        let prefix = "# -*- coding: utf-8 -*-\n# Modülé — ünïcode.\n"
        for example in autofix.examples {
            for (before, after) in [(example.before, example.after), (prefix + example.before, prefix + example.after)] {
                let (tree, findings) = analyze(before, path: example.path)
                #expect(tree.errors.isEmpty, "\(rule.id): fix example does not parse\n\(before)")
                let fixable = findings.filter { $0.ruleID == rule.id && $0.fix != nil }
                #expect(!fixable.isEmpty || before == after, "\(rule.id): no fix offered in\n\(before)")
                // An example of where no fix is offered shows a finding left as it is.
                #expect(before != after || findings.contains { $0.ruleID == rule.id }, "\(rule.id): an unchanged fix example without a finding\n\(before)")
                for finding in fixable {
                    #expect(finding.fix?.applicability == autofix.applicability, "\(rule.id) line \(finding.location.startLine): \(finding.fix?.applicability.rawValue ?? "") fix, declared \(autofix.applicability.rawValue)")
                    #expect(!(finding.fix?.message.isEmpty ?? true))
                }
                let result = FixApplier.apply(fixable.compactMap(\.fix), to: Array(before.utf8))
                #expect(result.conflicting.isEmpty && result.invalid.isEmpty, "\(rule.id): fixes conflict or do not fit in\n\(before)")
                let text = String(decoding: result.text, as: UTF8.self)
                #expect(text == after, "\(rule.id): fixed to\n\(text)\nexpected\n\(after)")
                let (fixedTree, again) = analyze(text, path: example.path)
                #expect(fixedTree.errors.isEmpty, "\(rule.id): fixed code does not parse: \(fixedTree.errors.first?.message ?? "")\n\(text)")
                let old = LineIndex(Array(before.utf8)), new = LineIndex(result.text)
                let remaining = again.filter { $0.ruleID == rule.id }
                for finding in fixable where finding.remains(after: result.edits, before: old, afterText: new, in: remaining) {
                    Issue.record("\(rule.id): the finding on line \(finding.location.startLine) remains after its fix:\n\(text)")
                }
            }
        }
    }

    /// Every fix a rule's examples offer, applied alone, leaves code that parses and no longer
    /// holds its finding.
    @Test("each fix alone parses and removes its finding", arguments: RuleRegistry.all)
    func eachFixRemovesItsFinding(rule: Rule) {
        for example in rule.examples + (rule.autofix?.examples.map { RuleExample($0.before, path: $0.path) } ?? []) {
            let before = Array(example.code.utf8)
            for finding in analyze(example.code, path: example.path).findings where finding.ruleID == rule.id {
                guard let fix = finding.fix else { continue }
                let result = FixApplier.apply([fix], to: before)
                #expect(result.applied == [0], "\(rule.id) line \(finding.location.startLine): the fix does not fit its own file")
                let text = String(decoding: result.text, as: UTF8.self)
                let (tree, again) = analyze(text, path: example.path)
                #expect(tree.errors.isEmpty, "\(rule.id) line \(finding.location.startLine): fixed code does not parse\n\(text)")
                #expect(!finding.remains(after: result.edits, before: LineIndex(before), afterText: LineIndex(result.text), in: again.filter { $0.ruleID == rule.id }),
                        "\(rule.id) line \(finding.location.startLine): the finding remains after its fix\n\(text)")
            }
        }
    }

    @Test("defaults follow the calibration policy", arguments: RuleRegistry.all)
    func descriptorIsCalibrated(rule: Rule) {
        #expect(Calibration.allows(severity: rule.descriptor.severity, confidence: rule.descriptor.confidence),
                "\(rule.id): default \(rule.descriptor.severity) at \(rule.descriptor.confidence) confidence breaks the calibration policy")
    }

    @Test("names each finding's weakness: the marker's CWE, else the rule's", arguments: RuleRegistry.all)
    func findingsCarryTheMarkedCWE(rule: Rule) {
        for example in rule.examples where !expectedLines(example, rule.id).isEmpty {
            let got = analyze(example.code, path: example.path).findings.filter { $0.ruleID == rule.id }
                .map { "\($0.location.startLine):\($0.cwe)" }.sorted()
            let want = example.markers.flatMap { line, items in
                items.filter { $0.id == rule.id }.map { "\(line):\(CWE($0.cwe ?? rule.descriptor.cwe.number))" }
            }.sorted()
            #expect(got == want, "\(rule.id): CWEs reported \(got), marked \(want) in\n\(example.code)")
            // The OWASP category is the one OWASP maps the finding's CWE to, when it maps it.
            for finding in analyze(example.code, path: example.path).findings where finding.ruleID == rule.id {
                let categories = OWASPCategory.categories(of: finding.cwe)
                #expect(categories.isEmpty || categories.contains(finding.owasp), "\(rule.id): \(finding.cwe) is not in \(finding.owasp.code)")
            }
        }
    }

    @Test("stays quiet when the trigger is inside a comment or a string", arguments: RuleRegistry.all)
    func hiddenTriggersStayQuiet(rule: Rule) {
        for example in rule.examples where example.perturbable && !expectedLines(example, rule.id).isEmpty {
            let commented = example.code.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n")
            #expect(reportedLines(analyze(commented, path: example.path).findings, rule.id).isEmpty, "\(rule.id) fires inside comments")
            if !example.code.contains("'''") && !example.code.contains("\\") {
                let quoted = "_doc = '''\n" + example.code + "\n'''\n"
                #expect(reportedLines(analyze(quoted, path: example.path).findings, rule.id).isEmpty, "\(rule.id) fires inside a string")
            }
        }
    }

    @Test("shifts with a multi-byte prefix", arguments: RuleRegistry.all)
    func shiftsWithPrefix(rule: Rule) {
        let prefix = "# -*- coding: utf-8 -*-\n\"\"\"Modülé dôcstring — ünïcode.\"\"\"\n"
        for example in rule.examples where !expectedLines(example, rule.id).isEmpty {
            let got = reportedLines(analyze(prefix + example.code, path: example.path).findings, rule.id)
            #expect(got == expectedLines(example, rule.id).map { $0 + 2 }, "\(rule.id) after a two-line prefix")
        }
    }
}

@Suite("The catalog")
struct CatalogTests {
    @Test func idsAndAliasesAreUnique() {
        let ids = RuleRegistry.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in RuleRegistry.all {
            #expect(rule.id.hasPrefix("TL-"))
            #expect(!rule.nodeKinds.isEmpty)
            for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"] {
                #expect(rule.descriptor.documentation.contains(heading), "\(rule.id) documentation lacks \(heading)")
            }
            for alias in rule.descriptor.aliases {
                #expect(RuleRegistry.rule(named: alias) != nil)
            }
        }
        #expect(RuleRegistry.rule(named: "b602")?.id == "TL-B602")
        #expect(RuleRegistry.rule(named: "S602")?.id == "TL-B602")
        #expect(RuleRegistry.rule(named: "TL-NOPE") == nil)
    }

    /// Every `static let rule = Rule(` in Sources/Rules is registered: the registry cannot
    /// silently miss a rule file.
    @Test func registryListsEveryRuleFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rulesDir = root.appendingPathComponent("Sources/Rules")
        let enumerator = FileManager.default.enumerator(at: rulesDir, includingPropertiesForKeys: nil)
        var declared = 0
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            declared += text.components(separatedBy: "static let rule = Rule(").count - 1
        }
        #expect(declared == RuleRegistry.all.count, "\(declared) rules declared, \(RuleRegistry.all.count) registered")
    }

    @Test func engineDispatchesEachRuleOnlyForItsKinds() {
        let engine = RuleEngine(rules: [SubprocessShellTrue.rule])
        let (_, findings) = analyze("import subprocess\nsubprocess.run(x, shell=True)\n", engine: engine)
        #expect(findings.map(\.ruleID) == ["TL-B602"])
        #expect(findings.first?.location.startColumn == 1)
        #expect(findings.first?.snippet == "subprocess.run(x, shell=True)")
    }
}
