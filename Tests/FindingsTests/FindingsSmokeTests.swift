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

@Test func pathRolesTellTestsCIAndDocs() {
    for path in ["tests/test_views.py", "app/tests/helpers.py", "conftest.py", "test_api.py", "api_test.py", "scripts/smoke_test.py",
                 "smoke.py", "checks/login_smoke.py", ".ci/settings.py", ".github/scripts/deploy.py", "docker-compose.ci.yml",
                 "docker-compose.test.yaml", "compose-e2e.yml", ".env.test", "e2e/flows.py", "pretix/testutils/settings.py",
                 "cms/test_utils/tmpdir.py", "testproject/settings.py", "tests-integration/run.py", "app/test_settings.py",
                 "app/settings_ci.py", "pretix/_build_settings.py"] {
        #expect(PathRoles.isTestOrCI(path), "\(path)")
    }
    for path in ["app/views.py", "attestation.py", "contest/views.py", "docker-compose.yml", "compose.yaml", ".env", "latest.py",
                 "scripts/deploy.py", "citadel/ci_utils.py", "docs/conf.py", "testimonials/views.py", "app/settings.py",
                 "app/settings_production.py", "attestations/settings.py"] {
        #expect(!PathRoles.isTestOrCI(path), "\(path)")
    }
    #expect(PathRoles.isDocumentation("docs/conf.py") && PathRoles.isDocumentation("README.md") && !PathRoles.isDocumentation("app/docs.py"))
}
