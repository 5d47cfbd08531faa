import Findings
import Foundation
import Testing
@testable import ProjectSetup
import TaintlineKit
import Workspace

/// Reading bandit's two configuration places and translating each key, both the ones Taintline
/// has a counterpart for and the ones it says it cannot carry over.
@Suite struct BanditTranslationTests {
    let rules = RuleIndex.all

    func translate(ini: String) -> BanditTranslation {
        BanditTranslation.translate(BanditConfiguration.settings(ini: ini), rules: rules)
    }

    func translate(pyproject: String) throws -> BanditTranslation {
        let document = try ConfigurationLoader.document(pyproject, path: "pyproject.toml")
        return BanditTranslation.translate(BanditConfiguration.settings(pyproject: document), rules: rules)
    }

    @Test func iniIsReadAsConfigparserReadsIt() {
        let settings = BanditConfiguration.settings(ini: """
        # a comment
        [other]
        skips = B999

        [bandit]
        ; another comment
        skips: B101, B601
        exclude = /tests,./build/
            ,docs
        targets=src  # trailing comment
        """)
        #expect(settings == [
            BanditSetting(source: ".bandit", key: "skips", values: ["B101", "B601"]),
            BanditSetting(source: ".bandit", key: "exclude", values: ["/tests", "./build/", "docs"]),
            BanditSetting(source: ".bandit", key: "targets", values: ["src"]),
        ])
    }

    @Test func pyprojectTablesGiveDottedKeys() throws {
        let document = try ConfigurationLoader.document("""
        [project]
        name = "shop"

        [tool.bandit]
        skips = ["B101"]
        exclude_dirs = ["tests", "venv"]

        [tool.bandit.assert_used]
        skips = ["*_test.py", "*/test_*.py"]
        """, path: "pyproject.toml")
        #expect(BanditConfiguration.settings(pyproject: document) == [
            BanditSetting(source: "pyproject.toml [tool.bandit]", key: "assert_used.skips", values: ["*_test.py", "*/test_*.py"]),
            BanditSetting(source: "pyproject.toml [tool.bandit]", key: "exclude_dirs", values: ["tests", "venv"]),
            BanditSetting(source: "pyproject.toml [tool.bandit]", key: "skips", values: ["B101"]),
        ])
    }

    @Test func skipsBecomeIgnoreAndUnknownIdsAreNamed() {
        let result = translate(ini: "[bandit]\nskips = B101,b602,B109,X1\n")
        #expect(result.configuration.ignore == ["TL-B101", "TL-B602"])
        #expect(result.translated == ["skips (.bandit) B101, b602 → ignore TL-B101, TL-B602"])
        #expect(result.untranslated == [
            "skips (.bandit) B109: no Taintline rule checks what bandit's B109 does",
            "skips (.bandit) X1: not a bandit test id",
        ])
    }

    @Test func testsBecomeSelectWithANote() throws {
        let result = try translate(pyproject: "[tool.bandit]\ntests = [\"B602\", \"B608\"]\n")
        #expect(result.configuration.select == ["TL-B602", "TL-B608"])
        #expect(result.configuration.ignore.isEmpty)
        #expect(result.translated.first == "tests (pyproject.toml [tool.bandit]) B602, B608 → select TL-B602, TL-B608")
        #expect(result.translated.contains { $0.contains("select reports only these rules") })
        #expect(result.untranslated.isEmpty)
    }

    @Test(arguments: [
        ("tests", "tests"), ("/tests/", "tests"), ("./tests", "tests"), ("tests/*", "tests"), ("./build/", "build"),
        ("src/legacy", "src/legacy"), ("/app/migrations/", "**/app/migrations"), ("*/generated/*", "**/generated"), ("*.egg", "*.egg"),
    ])
    func excludedPathsBecomeGlobs(written: String, glob: String) throws {
        #expect(try translate(pyproject: "[tool.bandit]\nexclude_dirs = [\"\(written)\"]\n").configuration.exclude == [glob])
        #expect(translate(ini: "[bandit]\nexclude = \(written)\n").configuration.exclude == [glob])
    }

    @Test func excludedPathsGlobsCannotExpressAreNamed() {
        let result = translate(ini: "[bandit]\nexclude = ./,tests/[x\n")
        #expect(result.configuration.exclude.isEmpty)
        #expect(result.untranslated == ["exclude (.bandit) ./: not a path Taintline's globs can express",
                                        "exclude (.bandit) tests/[x: not a path Taintline's globs can express"])
    }

    @Test(arguments: [("LOW", Severity.low), ("medium", .medium), ("High", .high), ("3", .medium)])
    func levelsBecomeThresholds(level: String, severity: Severity) throws {
        let ini = translate(ini: "[bandit]\nlevel = \(level)\nconfidence = \(level)\n")
        #expect(ini.configuration.severity == severity)
        #expect(ini.configuration.confidence == Confidence(name: severity.description))
        let toml = try translate(pyproject: "[tool.bandit]\nseverity = \"\(level)\"\nconfidence = \"\(level)\"\n")
        #expect(toml.configuration.severity == severity)
        #expect(toml.configuration.confidence == Confidence(name: severity.description))
    }

    @Test func allLevelsAndNonsenseLevels() {
        let all = translate(ini: "[bandit]\nlevel = all\nconfidence = ALL\n")
        #expect(all.configuration.severity == nil && all.configuration.confidence == nil && all.isEmpty)
        #expect(all.translated.count == 2 && all.untranslated.isEmpty)
        let wrong = translate(ini: "[bandit]\nlevel = severe\nconfidence = 9\n")
        #expect(wrong.configuration.severity == nil && wrong.configuration.confidence == nil)
        #expect(wrong.untranslated == ["level (.bandit) severe: not a bandit level (all, low, medium, high)",
                                       "confidence (.bandit) 9: not a bandit level (all, low, medium, high)"])
    }

    @Test func assertUsedSkipsBecomePerPathIgnores() throws {
        let result = try translate(pyproject: "[tool.bandit.assert_used]\nskips = [\"*_test.py\", \"*/test_*.py\", \"[\"]\n")
        #expect(result.configuration.perPathIgnores == ["*_test.py": ["TL-B101"], "**/test_*.py": ["TL-B101"]])
        #expect(result.untranslated == ["assert_used.skips (pyproject.toml [tool.bandit]) [: not a path Taintline's globs can express"])
    }

    @Test func settingsWithoutACounterpartSayWhy() throws {
        let result = translate(ini: "[bandit]\ntargets = src\nrecursive = true\nbaseline = old.json\nwhatever = 1\n")
        #expect(result.isEmpty && result.translated.isEmpty)
        #expect(result.untranslated == [
            "targets (.bandit): Taintline scans the paths given on its command line (taintline scan PATH)",
            "recursive (.bandit): Taintline always walks folders recursively",
            "baseline (.bandit): bandit's baseline is a bandit JSON report: write Taintline's with 'taintline baseline . --output FILE'",
            "whatever (.bandit): not a setting Taintline knows how to translate",
        ])
        let plugin = try translate(pyproject: "[tool.bandit.hardcoded_tmp_directory]\ntmp_dirs = [\"/tmp\"]\n")
        #expect(plugin.untranslated == ["hardcoded_tmp_directory.tmp_dirs (pyproject.toml [tool.bandit]): settings of bandit's hardcoded_tmp_directory plugin have no Taintline counterpart"])
    }

    /// Every bandit id Taintline carries maps to exactly the rules that name it.
    @Test func everyBanditAliasMapsBack() {
        for rule in rules {
            for alias in rule.aliases where BanditTranslation.isBanditID(alias) {
                let result = translate(ini: "[bandit]\nskips = \(alias)\n")
                #expect(result.configuration.ignore.contains(rule.id), "\(alias) → \(result.configuration.ignore)")
            }
        }
    }
}
