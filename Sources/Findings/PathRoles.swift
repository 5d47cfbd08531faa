/// What a file is for, judged from its path: test code and CI scaffolding (whose passwords are
/// throw-away and whose asserts are the point), or documentation. One answer for every
/// analysis, so the code rules and the secrets scan agree on what a test is.
public enum PathRoles {
    /// Folders whose files are tests, fixtures or the CI system's own scripts and services.
    static let testFolders: Set<String> = ["tests", "test", "testing", "fixtures", "e2e", "smoke", "smoke_tests", "smoketests",
                                           "integration_tests", "functional_tests", "acceptance_tests", ".ci", "ci", ".circleci",
                                           ".github", ".gitlab", ".buildkite", ".woodpecker"]
    /// Test-support folders named by a compound (`testutils`, `test_utils`, `tests-integration`,
    /// `testapp`, `testproject`): a first word from this list.
    static let testFolderWords: Set<String> = ["test", "tests", "testing", "testutils", "testapp", "testproject", "testproj", "testsuite"]
    /// Words that mark a settings module as one for tests, CI or building the package
    /// (`test_settings.py`, `settings_ci.py`, `_build_settings.py`): never the settings a
    /// deployed app serves requests with.
    static let settingsRoleWords: Set<String> = ["test", "tests", "testing", "ci", "build"]

    /// Folders of documentation.
    static let documentationFolders: Set<String> = ["docs", "doc", "documentation"]

    /// Test code, fixtures, smoke tests and CI configuration: `tests/test_x.py`, `conftest.py`,
    /// `scripts/smoke_test.py`, `.ci/settings.py`, `docker-compose.ci.yml`.
    public static func isTestOrCI(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        guard let file = components.last?.lowercased() else { return false }
        if components.dropLast().contains(where: { component in
            let lower = component.lowercased()
            if testFolders.contains(lower) { return true }
            let first = lower.split(whereSeparator: { $0 == "_" || $0 == "-" }).first.map(String.init) ?? lower
            return testFolderWords.contains(first)
        }) { return true }
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        if file.hasSuffix(".py"), stem.contains("settings") {
            let words = stem.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
            if words.contains(where: settingsRoleWords.contains) { return true }
        }
        if file.hasSuffix(".py") {
            if file.hasPrefix("test_") || file.hasSuffix("_test.py") || file.hasSuffix("_tests.py") || file == "conftest.py" || file == "tests.py" { return true }
            if stem.hasPrefix("smoke") || stem.hasSuffix("_smoke") || stem.hasSuffix("_smoketest") { return true }
        }
        // `docker-compose.ci.yml`, `docker-compose.test.yaml`, `compose-ci.yml`: the CI's services.
        if stem.contains("compose") || file.hasPrefix(".env") || file.hasSuffix(".env") {
            let words = file.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" })
            if stem.contains("compose") || file.hasPrefix(".env") || stem == "env",
               words.contains(where: { ["ci", "test", "tests", "testing", "e2e"].contains($0) }) { return true }
        }
        return false
    }

    /// Documentation: Markdown, reStructuredText and AsciiDoc files, and files under `docs/`.
    public static func isDocumentation(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        guard let file = components.last?.lowercased() else { return false }
        if file.hasSuffix(".md") || file.hasSuffix(".rst") || file.hasSuffix(".adoc") { return true }
        return components.dropLast().contains { documentationFolders.contains($0.lowercased()) }
    }
}
