import Testing
@testable import ThreatModel

/// The threat models of the bundled Django and FastAPI examples (`Examples/django-notes`,
/// `Examples/fastapi-notes`), each built from the vulnerable app without its `hardened/` twin
/// (which answers the same routes), and the FastAPI twin's on its own.
@Suite struct DjangoNotesThreatModelTests {
    let model: ThreatModelDocument

    init() throws { model = try ModelFixture.example("django-notes", without: "hardened") }

    @Test func everyRouteIsFoundWithItsMethods() throws {
        #expect(model.entryPoints.map(\.title) == [
            "GET, POST /", "GET, POST /attachments/", "GET, POST /login/", "GET, POST /notes/<int:pk>/", "POST /notes/<int:pk>/delete/",
            "GET, POST /prefs/", "GET, POST /preview/", "GET, POST /search/", "GET, POST /tagged/",
        ])
        #expect(model.entryPoints.allSatisfy { $0.framework == "Django" })
        #expect(try model.entry("GET, POST /search/").handler == CodeLocation(file: "notes/views.py", line: 25, function: "search"))
    }

    @Test func loginRequiredIsAuthenticationAndTheRestIsPublic() throws {
        for title in ["GET, POST /", "GET, POST /attachments/", "GET, POST /notes/<int:pk>/", "POST /notes/<int:pk>/delete/",
                      "GET, POST /preview/", "GET, POST /search/", "GET, POST /tagged/"] {
            let entry = try model.entry(title)
            #expect(entry.authentication.status == .required, "\(title)")
            #expect(entry.authentication.mechanisms.first?.text == "`@login_required` requires a logged-in user", "\(title)")
        }
        #expect(try model.entry("GET, POST /prefs/").authentication.status == .none)
        #expect(try model.entry("GET, POST /login/").authentication.isLogin)
    }

    @Test func theCSRFExemptDeleteIsExempt() throws {
        #expect(try model.entry("POST /notes/<int:pk>/delete/").csrf.status == .exempt)
        #expect(try model.entry("GET, POST /preview/").csrf.status == .applied)
    }
}

@Suite struct FastAPINotesThreatModelTests {
    static let titles = ["POST /login", "GET /notes", "POST /notes", "GET /notes/export", "GET /tools/fetch-title", "GET /tools/ping"]

    @Test func everyRouteIsFoundWithItsMethods() throws {
        let model = try ModelFixture.example("fastapi-notes", without: "hardened")
        #expect(model.entryPoints.map(\.title) == Self.titles)
        #expect(model.entryPoints.allSatisfy { $0.framework == "FastAPI" })
        #expect(try model.entry("GET /tools/ping").inputTexts == ["query host", "header authorization"])
    }

    /// The planted `current_user` decodes the token without verifying it and never rejects a
    /// request, so no route is authenticated; the twin's verifies and raises 401, which is.
    @Test func authenticationIsTheVerifyingDependency() throws {
        let planted = try ModelFixture.example("fastapi-notes", without: "hardened")
        #expect(planted.entryPoints.allSatisfy { $0.authentication.status == .none })
        let hardened = try ModelFixture.example("fastapi-notes", only: "hardened")
        #expect(hardened.entryPoints.map(\.title) == Self.titles)
        for title in Self.titles.dropFirst() {
            let entry = try hardened.entry(title)
            #expect(entry.authentication.status == .required, "\(title)")
            #expect(entry.authentication.mechanisms.first?.text.hasPrefix("`Depends(current_user)` requires a logged-in user") == true, "\(title)")
        }
        #expect(try hardened.entry("POST /login").authentication.isLogin)
    }
}
