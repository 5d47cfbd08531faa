import Findings
import Foundation
import Testing
@testable import Workspace

@Suite struct ConfigurationDiscoveryTests {
    static let pyproject = """
    [project]
    name = "shop"

    [tool.taintline]
    select = ["A03", "TL-B6"]
    ignore = ["TL-B101"]
    severity = "medium"
    confidence = "high"
    fail-on = "high"
    exclude = ["migrations/**"]
    include = ["src"]
    baseline = "security/baseline.json"
    exit-zero = false
    allow-failed-files = true
    cache-dir = "../.taintline-cache"
    fix = true
    unsafe-fixes = false

    [tool.taintline.per-path-ignores]
    "tests/**" = ["TL-B101"]
    "scripts/*.py" = ["TL-B602", "TL-B603"]

    [tool.taintline.secrets]
    entropy = 4.5
    allow = ["EXAMPLE_KEY"]

    [tool.taintline.deps]
    ignore-vulns = ["PYSEC-2023-1"]
    """

    @Test func findsPyprojectByWalkingUpFromTheScanRoot() throws {
        let tree = try TempTree()
        _ = try tree.mkdir(".git")
        let file = try tree.write("pyproject.toml", Self.pyproject)
        let scanRoot = try tree.mkdir("src/shop/views")
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: scanRoot)
        #expect(configuration.path == file)
        #expect(configuration.select == ["A03", "TL-B6"])
        #expect(configuration.ignore == ["TL-B101"])
        #expect(configuration.severity == .medium)
        #expect(configuration.confidence == .high)
        #expect(configuration.failOn == .high)
        #expect(configuration.exclude == ["migrations/**"])
        #expect(configuration.include == ["src"])
        #expect(configuration.exitZero == false)
        #expect(configuration.allowFailedFiles == true)
        #expect(configuration.baselinePath == tree.path("security/baseline.json"))
        #expect(configuration.cacheDir == "../.taintline-cache")
        #expect(configuration.cacheDirectory == ((tree.path("..") as NSString).appendingPathComponent(".taintline-cache") as NSString).standardizingPath)
        #expect(configuration.perPathIgnores.map(\.pattern) == ["scripts/*.py", "tests/**"])
        #expect(configuration.perPathIgnores.map(\.rules) == [["TL-B602", "TL-B603"], ["TL-B101"]])
        #expect(configuration.perPathIgnores.map(\.line) == [21, 20])
        #expect(configuration.fix == true && configuration.unsafeFixes == false)
    }

    @Test func startsFromAFileRootsFolder() throws {
        let tree = try TempTree()
        let file = try tree.write(".taintline.toml", "severity = \"low\"\n")
        let script = try tree.write("app.py", "print(1)\n")
        #expect(try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: script).path == file)
    }

    @Test func nestedTablesAreKeptRawForTheirModules() throws {
        let tree = try TempTree()
        try tree.write("pyproject.toml", Self.pyproject)
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: tree.root.path)
        #expect(configuration.section("secrets")?["entropy"] == .float(4.5))
        #expect(configuration.section("secrets")?["allow"] == .array([.string("EXAMPLE_KEY")]))
        #expect(configuration.section("deps")?["ignore-vulns"]?.array?.first?.string == "PYSEC-2023-1")
        #expect(configuration.section("probe") == nil)

        struct SecretsSettings: Decodable { var entropy: Double; var allow: [String] }
        let data = try #require(configuration.sectionJSON("secrets"))
        let decoded = try JSONDecoder().decode(SecretsSettings.self, from: data)
        #expect(decoded.entropy == 4.5 && decoded.allow == ["EXAMPLE_KEY"])
    }

    @Test func pyprojectWithoutOurTableIsSkipped() throws {
        let tree = try TempTree()
        let top = try tree.write(".taintline.toml", "fail-on = \"critical\"\n")
        try tree.write("service/pyproject.toml", "[project]\nname = \"svc\"\n[tool.ruff]\nline-length = 100\n")
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: tree.path("service"))
        #expect(configuration.path == top)
        #expect(configuration.failOn == .critical)
    }

    @Test func dotTaintlineTomlWinsInTheSameFolder() throws {
        let tree = try TempTree()
        let standalone = try tree.write(".taintline.toml", "select = [\"A02\"]\n")
        try tree.write("pyproject.toml", "[tool.taintline]\nselect = [\"A03\"]\n")
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: tree.root.path)
        #expect(configuration.path == standalone)
        #expect(configuration.select == ["A02"])
    }

    @Test func stopsAtTheGitRoot() throws {
        let tree = try TempTree()
        try tree.write(".taintline.toml", "select = [\"A02\"]\n")
        _ = try tree.mkdir("repo/.git")
        let scanRoot = try tree.mkdir("repo/src")
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: scanRoot)
        #expect(configuration.path == nil)
        #expect(configuration.select == nil)
    }

    @Test func explicitFileAndNoConfig() throws {
        let tree = try TempTree()
        try tree.write(".taintline.toml", "select = [\"A02\"]\n")
        let other = try tree.write("ci/taintline-ci.toml", "select = [\"A03\"]\nexit-zero = true\n")
        let explicit = try ConfigurationLoader.load(explicitPath: other, noConfig: false, scanRoot: tree.root.path)
        #expect(explicit.select == ["A03"] && explicit.exitZero == true)
        let explicitPyproject = try tree.write("ci/pyproject.toml", "[tool.taintline]\nseverity = \"high\"\n")
        #expect(try ConfigurationLoader.load(explicitPath: explicitPyproject, noConfig: false, scanRoot: tree.root.path).severity == .high)
        let none = try ConfigurationLoader.load(explicitPath: nil, noConfig: true, scanRoot: tree.root.path)
        #expect(none.path == nil && none.select == nil)
    }

    @Test func missingExplicitFileIsAnError() {
        #expect(throws: ConfigurationError(path: "/nonexistent/t.toml", message: "no such file")) {
            try ConfigurationLoader.load(explicitPath: "/nonexistent/t.toml", noConfig: false, scanRoot: ".")
        }
    }

    @Test func dottedKeysUnderToolAreFound() throws {
        let text = "[tool]\ntaintline.select = [\"A03\"]\ntaintline.fail-on = 3\n"
        #expect {
            try ConfigurationLoader.parse(text, path: "pyproject.toml", kind: .pyproject)
        } throws: { error in
            (error as? ConfigurationError)?.line == 3 && (error as? ConfigurationError)?.key == "fail-on"
        }
    }
}

@Suite struct ConfigurationErrorTests {
    func error(_ text: String, kind: ConfigurationLoader.Kind = .pyproject) -> ConfigurationError? {
        do {
            _ = try ConfigurationLoader.parse(text, path: "pyproject.toml", kind: kind)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func syntaxErrorsCarryTOMLKitsPosition() throws {
        let failure = try #require(error("[tool.taintline]\nselect = [\"A03\"\nseverity = \"high\"\n"))
        #expect(failure.line == 3)
        #expect(failure.message.hasPrefix("invalid TOML"))
        #expect(failure.description.hasPrefix("pyproject.toml:3:"))
    }

    @Test(arguments: [
        ("[tool.taintline]\nselect = [\"A03\"]\nseverty = \"high\"\n", 3, "severty", "unknown key"),
        ("[tool.taintline]\nfail_on = \"high\"\n", 2, "fail_on", "unknown key (did you mean 'fail-on'?)"),
        ("[tool.taintline]\n\n\nselect = \"A03\"\n", 4, "select", "must be an array of strings, not a string"),
        ("[tool.taintline]\nignore = [\"A03\", 7]\n", 2, "ignore", "must be an array of strings; found an integer in it"),
        ("[tool.taintline]\nseverity = \"severe\"\n", 2, "severity", "unknown severity 'severe'"),
        ("[tool.taintline]\nconfidence = 2\n", 2, "confidence", "must be a string (low, medium or high), not an integer"),
        ("[tool.taintline]\nexit-zero = \"yes\"\n", 2, "exit-zero", "must be true or false, not a string"),
        ("[tool.taintline]\nselect = []\nfix = \"safe\"\n", 3, "fix", "must be true or false, not a string"),
        ("[tool.taintline]\nunsafe-fixes = 1\n", 2, "unsafe-fixes", "must be true or false, not an integer"),
        ("[tool.taintline]\nunsafe_fixes = true\n", 2, "unsafe_fixes", "unknown key (did you mean 'unsafe-fixes'?)"),
        ("[tool.taintline]\nbaseline = [\"a\"]\n", 2, "baseline", "must be a string (a file path), not an array"),
        ("[tool.taintline]\ncache-dir = false\n", 2, "cache-dir", "must be a string (a folder path), not a boolean"),
        ("[tool.taintline]\nper-path-ignores = [\"tests\"]\n", 2, "per-path-ignores", "must be a table of glob = [rule ids], not an array"),
        ("[tool.taintline]\nselect = []\n[tool.taintline.per-path-ignores]\n\"tests/**\" = \"TL-B101\"\n", 4, "per-path-ignores.tests/**", "must be an array of strings, not a string"),
        ("[tool.taintline]\nsecrets = 3\n", 2, "secrets", "must be a table ([tool.taintline.secrets]), not an integer"),
        ("[tool.taintline.colours]\nx = 1\n", 1, "colours", "unknown key"),
        ("[tool]\ntaintline = 1\n", 2, "taintline", "must be a table"),
    ])
    func badValuesNameTheKeyAndLine(text: String, line: Int, key: String, message: String) throws {
        let failure = try #require(error(text))
        #expect(failure.line == line, "\(failure)")
        #expect(failure.key == key, "\(failure)")
        #expect(failure.message.hasPrefix(message), "\(failure)")
    }

    @Test func standaloneFilesUseTopLevelKeys() throws {
        let failure = try #require(error("select = [\"A03\"]\n\nfail-on = \"nope\"\n", kind: .standalone))
        #expect(failure.line == 3 && failure.key == "fail-on")
        #expect(error("select = [\"A03\"]\n", kind: .standalone) == nil)
    }

    @Test func descriptionReadsLikeACompilerMessage() {
        let failure = ConfigurationError(path: "pyproject.toml", line: 12, key: "severity", message: "unknown severity 'x'")
        #expect(failure.description == "pyproject.toml:12: configuration error: 'severity': unknown severity 'x'")
    }
}
