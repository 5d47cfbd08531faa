import Findings
import Foundation
import PythonSemantics
import PythonSyntax
import Testing
@testable import Rules

@Suite("The engine")
struct EngineTests {
    @Test func locationsUseCharacterColumnsAndEnclosingScope() throws {
        let code = "import os\nclass View:\n    def get(self, p):\n        s = \"é\"; os.system(p)\n"
        let (_, findings) = analyze(code, engine: RuleEngine(rules: [StartProcessWithShell.rule]))
        let finding = try #require(findings.first)
        #expect(finding.location.startLine == 4)
        // `s = "é"; ` is 10 characters but 11 UTF-8 bytes: the column counts characters.
        #expect(finding.location.startColumn == 18)
        #expect(finding.location.endColumn == 30)  // exclusive, as SARIF
        #expect(finding.location.enclosingScope == "View.get")
        #expect(finding.snippet == "s = \"é\"; os.system(p)")
        // No request data reaches it: the command's shape alone makes it Medium.
        #expect(finding.severity == .medium)
        #expect(finding.cwe == CWE(78))
        #expect(finding.description.contains("os.system"))
    }

    @Test func perOccurrenceSeverity() {
        let (_, findings) = analyze("import subprocess\nsubprocess.run(\"ls\", shell=True)\nsubprocess.run(cmd, shell=True)\n",
                                    engine: RuleEngine(rules: [SubprocessShellTrue.rule]))
        #expect(findings.map(\.severity) == [.low, .medium])
    }

    @Test func anOpenIDTokenReadUnverifiedIsLow() {
        let (_, findings) = analyze("""
        import jwt
        def claims(resp, token):
            a = jwt.decode(resp["id_token"], options={"verify_signature": False})
            b = jwt.decode(token, options={"verify_signature": False})
        """, engine: RuleEngine(rules: [JWTUnverified.rule]))
        #expect(findings.map(\.severity) == [.low, .high])
    }

    @Test func pickleOfTheServersOwnSessionIsLow() {
        let (_, findings) = analyze("""
        import pickle
        from flask import session, request
        def view():
            a = pickle.loads(session["cloud"]["obj"])
            b = pickle.loads(request.cookies["obj"])
        """, engine: RuleEngine(rules: [PickleDeserialization.rule]))
        #expect(findings.map(\.severity) == [.low, .critical])
    }

    @Test func aShellLineFromAClickCommandsOptionsIsLow() {
        let (_, findings) = analyze("""
        import os
        import subprocess
        import click

        @click.command()
        @click.option("--output")
        def extract(output):
            os.popen("pybabel extract -o {0} .".format(output))
            subprocess.run("pybabel update -i " + output, shell=True)

        def elsewhere(output):
            os.popen("pybabel extract -o {0} .".format(output))
        """, engine: RuleEngine(rules: [StartProcessWithShell.rule, SubprocessShellTrue.rule]))
        #expect(findings.map(\.severity) == [.low, .low, .medium])
    }

    @Test func testFilesSkipAssertButNotOtherRules() {
        let code = "import pickle\nassert x\npickle.loads(b)\n"
        #expect(analyze(code, path: "app/logic.py").findings.map(\.ruleID).contains("TL-B101"))
        let inTests = analyze(code, path: "tests/test_logic.py").findings.map(\.ruleID)
        #expect(!inTests.contains("TL-B101"))
        #expect(inTests.contains("TL-B301"))
    }

    @Test func findingsAreInReportOrderAndStable() {
        let code = "import os, pickle\npickle.loads(a)\nos.system(b)\nassert c\n"
        let first = analyze(code).findings
        let second = analyze(code).findings
        #expect(first == second)
        #expect(first == first.sorted(by: Finding.reportOrder))
        #expect(Set(first.map(\.fingerprint)).count == first.count)
    }

    @Test func brokenFilesAreAnalysedAsFarAsTheyParse() {
        let (tree, findings) = analyze("import os\nos.system(x)\ndef broken(:\n    pass\n")
        #expect(!tree.errors.isEmpty)
        #expect(findings.contains { $0.ruleID == "TL-B605" })
    }

    @Test func projectPassResolvesCallsAcrossModules() {
        func file(_ path: String, _ code: String) -> RuleEngine.ProjectFile {
            let source = SourceFile(path: path, utf8: Array(code.utf8))
            return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
        }
        let (project, findings) = RuleEngine.standard.analyzeProject([
            file("app/utils.py", "import subprocess\ndef run(cmd):\n    return subprocess.run(cmd, shell=True)\n"),
            file("app/views.py", "from .utils import run\ndef index(q):\n    return run(q)\n"),
        ])
        #expect(project.callees(of: "app.views.index") == ["app.utils.run"])
        #expect(findings.count == 2)
        #expect(findings[0].map(\.ruleID).contains("TL-B602"))
        #expect(findings[1].isEmpty)
    }

    @Test func deepNestingIsBoundedOnWorkerThreads() {
        func file(_ path: String, _ code: String) -> RuleEngine.ProjectFile {
            let source = SourceFile(path: path, utf8: Array(code.utf8))
            return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
        }
        let depth = 180
        let nested = String(repeating: "[", count: depth) + "os.system(x)" + String(repeating: "]", count: depth)
        var chain = "x"
        for i in 0..<300 { chain += " + \"s\(i)\"" }
        var blocks = ""
        for i in 0..<90 { blocks += String(repeating: "    ", count: i) + "if c:\n" }
        blocks += String(repeating: "    ", count: 90) + "os.system(x)\n"
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("a.py", "import os\ny = " + nested + "\n"),
            file("b.py", "import os\nos.system(" + chain + ")\n"),
            file("c.py", "import os\n" + blocks),
        ])
        #expect(findings.map { $0.contains { $0.ruleID == "TL-B605" } } == [true, true, true])
    }

    @Test func aliasLookupForSuppressions() {
        #expect(RuleRegistry.ids(matching: "B703") == ["TL-B308"])
        #expect(RuleRegistry.ids(matching: "s112") == ["TL-B110"])
        #expect(RuleRegistry.ids(matching: "B999").isEmpty)
    }

    @Test func catalogRenderings() throws {
        let markdown = RuleCatalog.markdown(RuleRegistry.descriptors)
        #expect(markdown.split(separator: "\n").count == RuleRegistry.all.count + 2)
        #expect(markdown.contains("| `TL-B602` | subprocess-shell-true: subprocess call with shell=True | High | [CWE-78]"))
        // The Fix column: how safe the rule's fix is, empty when it has none.
        #expect(markdown.contains("| B506, S506 | on | safe |") && markdown.contains("| B113, S113 | on | unsafe |") && markdown.contains("| B602, S602 | on |  |"))
        let json = try RuleCatalog.json(RuleRegistry.descriptors)
        let decoded = try JSONDecoder().decode([RuleDescriptor].self, from: Data(json.utf8))
        #expect(decoded.map(\.id) == RuleRegistry.all.map(\.id))
        #expect(RuleCatalog.text(RuleRegistry.descriptors).contains("TL-B506"))
    }

    /// Runs every rule over a directory of real code (set TAINTLINE_RULES_CORPUS, e.g. to
    /// CPython's Lib/): nothing may crash, and it prints counts per rule and the time taken.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TAINTLINE_RULES_CORPUS"] != nil))
    func corpus() throws {
        let root = ProcessInfo.processInfo.environment["TAINTLINE_RULES_CORPUS"] ?? ""
        var files: [RuleEngine.ProjectFile] = []
        let parseStart = Date()
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".py"), let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
            let source = SourceFile(path: relative, utf8: [UInt8](data))
            files.append(RuleEngine.ProjectFile(path: relative, source: source, tree: PythonParser.parse(source)))
        }
        let parseTime = Date().timeIntervalSince(parseStart)
        let start = Date()
        let (project, findings) = RuleEngine.standard.analyzeProject(files)
        let elapsed = Date().timeIntervalSince(start)
        var counts: [String: Int] = [:]
        for finding in findings.joined() { counts[finding.ruleID, default: 0] += 1 }
        print("corpus: \(files.count) files, \(project.functions.count) functions, \(findings.joined().count) findings; read+parse \(String(format: "%.2f", parseTime)) s (one thread), analysis \(String(format: "%.2f", elapsed)) s")
        for (rule, count) in counts.sorted(by: { $0.key < $1.key }) { print("  \(rule) \(count)") }
        // Phases, one thread, for profiling.
        var t = Date()
        let models = files.map { file -> SemanticModel in
            let module = ModuleName.from(relativePath: file.path)
            return SemanticModel(tree: file.tree, moduleName: module.name, isPackage: module.isPackage)
        }
        let modelTime = Date().timeIntervalSince(t); t = Date()
        let summaries = zip(models, files).map { ModuleSummary(model: $0.0, path: $0.1.path) }
        let summaryTime = Date().timeIntervalSince(t); t = Date()
        let index = ProjectIndex(modules: summaries)
        let indexTime = Date().timeIntervalSince(t); t = Date()
        for (m, f) in zip(models, files) { _ = RuleEngine.standard.analyze(model: m, source: f.source, modulePath: f.path, project: index) }
        let rulesTime = Date().timeIntervalSince(t)
        print(String(format: "phases (one thread): models %.2f s, summaries %.2f s, index %.2f s, rules %.2f s", modelTime, summaryTime, indexTime, rulesTime))
        if let out = ProcessInfo.processInfo.environment["TAINTLINE_RULES_CORPUS_OUT"] {
            let lines = findings.joined().map { "\($0.ruleID) \($0.location.file):\($0.location.startLine) \($0.snippet ?? "")" }
            try lines.joined(separator: "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
        #expect(files.count > 0)
    }
}
