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
