import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

/// A scratch project for one test, removed afterwards.
private func project(_ files: [String: String], _ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-pipeline-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (relative, text) in files {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
    try body(folder)
}

private func scan(_ folder: String, _ analyses: Set<Analysis>) -> ScanReport {
    var options = ScanOptions()
    options.analyses = analyses
    return ScanPipeline.run(paths: [folder], options: options)
}

/// `scan` runs the secret scan over every text file, Python or not, and its suppressions work
/// in every file kind.
@Test func secretsAreFoundInEveryTextFileAndSuppressible() throws {
    let token = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    try project([
        "config/prod.yaml": "stripe_key: \(token)\nother: \(token)  # taintline: ignore[SECRET-STRIPE-KEY] test account\n",
        "notes.txt": "key \(token)  # pragma: allowlist secret\n",
        "image.png": "\u{0}\u{1}PNG\(token)",
    ]) { folder in
        let report = scan(folder, [.secrets])
        let found = report.findings.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.startLine)" }
        #expect(found == ["prod.yaml:1"], "\(found)")
        #expect(report.suppressed.count == 2)
        // Snippets are as written; reporters mask them with the findings' spans.
        #expect(report.findings.allSatisfy { ($0.snippet ?? "").contains(token) && $0.redactions.map(\.secret) == [token] })
        #expect(!SecretMasking.masked(report).findings.contains { $0.description.contains(token) || ($0.snippet ?? "").contains(token) })
        let png = report.files.first { $0.path.hasSuffix("image.png") }
        #expect(png?.status == .skipped(reason: "binary file"))
    }
}

/// A credential that a code rule reports (with the context of the code) is not reported a
/// second time by the secret scan on the same line.
@Test func credentialsInPythonAreReportedOnce() throws {
    try project(["app.py": "password = \"Xk9#mQ2$vL7@pR4!wN8&\"\n"]) { folder in
        let report = scan(folder, [.code, .secrets])
        #expect(report.findings.count == 1, "\(report.findings.map(\.ruleID))")
    }
}

/// Templates are checked as part of the code analysis; their `{# #}` comments suppress.
@Test func templatesAreCheckedAndSuppressible() throws {
    try project([
        "templates/a.html": "<p>{{ q|safe }}</p>\n<p>{{ r|safe }}</p>{# nosec #}\n",
    ]) { folder in
        let report = scan(folder, [.code])
        #expect(report.findings.map(\.ruleID) == ["TL-TPL-SAFE-FILTER"])
        #expect(report.findings.first?.location.startLine == 1)
        #expect(report.suppressed.count == 1)
        #expect(scan(folder, [.secrets]).findings.isEmpty)
    }
}

/// Project checks run once per scan root, on what the walk kept: `.gitignore` hides an `.env`.
@Test func projectChecksRespectGitignore() throws {
    try project([".env": "TOKEN=abc\n", "deploy/.env.production": "TOKEN=abc\n", ".gitignore": ".env\n"]) { folder in
        let report = scan(folder, [.project])
        #expect(report.findings.map(\.ruleID) == ["TL-PRJ-ENV-FILE"])
        #expect(report.findings.first?.location.file.hasSuffix("deploy/.env.production") == true)
    }
}

/// A template the Python code renders only as plain text (a mail body, a text/plain
/// response) produces no HTML: its `|safe` is not reported. One also rendered as a page is.
@Test func templatesRenderedAsTextAreNotCheckedForHTML() throws {
    try project([
        "app/views.py": """
        from django.core.mail import EmailMultiAlternatives, send_mail
        from django.shortcuts import render
        from django.template.loader import render_to_string

        def notify(user):
            send_mail("Welcome", render_to_string("mail/welcome.html", {"user": user}), None, [user.email])
            text_content = render_to_string("mail/receipt.html", {"user": user})
            message = EmailMultiAlternatives("Receipt", text_content, None, [user.email])
            message.attach_alternative(render_to_string("mail/receipt_rich.html", {"user": user}), "text/html")

        def robots(request):
            return render(request, "robots.html", content_type="text/plain")

        def page(request):
            return render(request, "mail/shared.html")

        def shared_mail(user):
            send_mail("Hi", render_to_string("mail/shared.html"), None, [user.email])
        """,
        "app/templates/mail/welcome.html": "Hi {{ user.name|safe }}\n",
        "app/templates/mail/receipt.html": "Total {{ total|safe }}\n",
        "app/templates/mail/receipt_rich.html": "<p>{{ total|safe }}</p>\n",
        "app/templates/robots.html": "Sitemap: {{ sitemap|safe }}\n",
        "app/templates/mail/shared.html": "<p>{{ note|safe }}</p>\n",
    ]) { folder in
        let report = scan(folder, [.code])
        let files = report.findings.filter { $0.ruleID == "TL-TPL-SAFE-FILTER" }.map { ($0.location.file as NSString).lastPathComponent }.sorted()
        #expect(files == ["receipt_rich.html", "shared.html"], "\(files)")
    }
}

// MARK: - Deploy files

private func found(_ report: ScanReport) -> [String] {
    report.findings.map { "\($0.ruleID) \(($0.location.file as NSString).lastPathComponent):\($0.location.startLine)" }.sorted()
}

/// `scan` runs the deploy checks over the files the one walk found, and the summary accounts for them.
@Test func deployFilesAreCheckedInScan() throws {
    try project([
        "Dockerfile": "FROM python:3.12-slim\nUSER root\n",
        "deploy/docker-compose.yml": "services:\n  web:\n    image: app:1\n    privileged: true\n",
        "Dockerfile.broken": "FORM python\n",
        "notes.yml": "title: not a manifest\n",
        "ignored/Dockerfile": "FROM python\n",
        ".gitignore": "ignored/\n",
    ]) { folder in
        let report = scan(folder, [.deploy])
        #expect(found(report) == ["TL-DEPLOY-COMPOSE-PRIVILEGED docker-compose.yml:4", "TL-DEPLOY-DOCKER-ROOT-USER Dockerfile:2"], "\(found(report))")
        let status = Dictionary(report.files.map { (($0.path as NSString).lastPathComponent, $0.status) }) { first, _ in first }
        #expect(status["Dockerfile"] == .scanned(partial: false))
        #expect(status["docker-compose.yml"] == .scanned(partial: false))
        #expect(status["Dockerfile.broken"] == .failed(reason: "cannot parse Dockerfile: line 1: unknown instruction 'FORM'"))
        #expect(status["notes.yml"] == .skipped(reason: "not Python source or a deploy file"))
        #expect(!report.files.contains { $0.path.contains("ignored/Dockerfile") && $0.status == .scanned(partial: false) })
        // With the analysis skipped, no deploy finding and no deploy failure.
        let without = scan(folder, [.code, .secrets, .project])
        #expect(!without.findings.contains { $0.analysis == .deploy })
        #expect(without.failedFiles.isEmpty, "\(without.failedFiles)")
    }
}

/// In a Dockerfile a `#` after an instruction is not a comment: a suppression goes on the comment
/// line right above. In YAML it goes on the line, as everywhere.
@Test func deployFindingsAreSuppressible() throws {
    try project([
        "Dockerfile": "FROM python:3.12-slim\n# taintline: ignore[TL-DEPLOY-DOCKER-ROOT-USER] this image drops privileges in its entrypoint\nUSER root\n",
        "docker-compose.yml": "services:\n  agent:\n    image: agent:1\n    privileged: true  # nosec TL-DEPLOY-COMPOSE-PRIVILEGED\n",
    ]) { folder in
        let report = scan(folder, [.deploy])
        #expect(report.findings.isEmpty, "\(found(report))")
        #expect(report.suppressed.count == 2)
    }
}

/// A credential in a Dockerfile or Compose file is one finding (the deploy rule, which knows the
/// setting), covering the secret scan's; every report masks it.
@Test func deployCredentialsAreReportedOnceAndMasked() throws {
    let secret = "Xk9mQ2vL7pR4wN8zT6yB"
    try project([
        "Dockerfile": "FROM python:3.12-slim\nENV API_TOKEN=\(secret)\nUSER 1000\n",
        "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: \(secret)\n",
    ]) { folder in
        let report = scan(folder, [.deploy, .secrets])
        #expect(found(report) == ["TL-DEPLOY-COMPOSE-SECRET-ENV docker-compose.yml:5", "TL-DEPLOY-DOCKER-SECRET-ENV Dockerfile:2"], "\(found(report))")
        let masked = SecretMasking.masked(report)
        #expect(!masked.findings.contains { $0.description.contains(secret) || ($0.snippet ?? "").contains(secret) })
    }
}

/// Deploy rules are in the rule index (`rules`, `explain`, SARIF), and hadolint/checkov ids are aliases.
@Test func deployRulesAreIndexed() {
    #expect(RuleIndex.descriptor(named: "TL-DEPLOY-DOCKER-ROOT-USER")?.analysis == .deploy)
    #expect(RuleIndex.descriptor(named: "DL3002")?.id == "TL-DEPLOY-DOCKER-ROOT-USER")
    #expect(RuleIndex.descriptor(named: "CKV_DOCKER_1")?.id == "TL-DEPLOY-DOCKER-EXPOSE-SSH")
    #expect(ScanPipeline.allRules.filter { $0.analysis == .deploy }.count >= 20)
}
