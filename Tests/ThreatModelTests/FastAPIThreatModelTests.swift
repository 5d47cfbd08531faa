import Testing
@testable import ThreatModel

/// The FastAPI fixture (`Fixtures/fastapi_app`): an OAuth2 bearer scheme behind a
/// `get_current_user` dependency, a router whose dependency requires an admin, SlowAPI on the
/// token route, SQLAlchemy models, a cookie parameter, an outgoing request to a URL from the
/// query, and a WebSocket.
@Suite struct FastAPIThreatModelTests {
    let model: ThreatModelDocument

    init() throws { model = try ModelFixture.app("fastapi_app") }

    @Test func everyEntryPointIsFound() throws {
        #expect(model.entryPoints.map(\.title) == [
            "GET /admin/stats", "GET /me", "POST /notes", "GET /notes/{note_id}", "DELETE /notes/{note_id}", "POST /preferences",
            "GET /preview", "POST /token", "WS /ws",
        ])
        #expect(try model.entry("WS /ws").kind == .websocket)
    }

    @Test func inputs() throws {
        #expect(try model.entry("GET /notes/{note_id}").inputTexts == ["path note_id", "query q"])
        #expect(try model.entry("GET /me").inputTexts == ["header x-client"])
        #expect(try model.entry("POST /preferences").inputTexts == ["query theme", "cookie session_id"])
        #expect(try model.entry("GET /preview").inputTexts == ["query url"])
        #expect(try model.entry("POST /notes").inputTexts == ["json"])
    }

    @Test func authentication() throws {
        let me = try model.entry("GET /me")
        #expect(me.authentication.status == .required)
        #expect(me.authentication.mechanisms.first?.text.contains("`get_current_user`") == true)
        #expect(try model.entry("POST /notes").authentication.status == .required)
        let stats = try model.entry("GET /admin/stats")
        #expect(stats.authentication.status == .required)
        #expect(stats.authentication.authorization.first?.text.hasPrefix("the router's `Depends(require_admin)`") == true)
        #expect(try model.entry("DELETE /notes/{note_id}").authentication.status == .none)
        let token = try model.entry("POST /token")
        #expect(token.authentication.isLogin)
        #expect(token.rateLimit.status == .applied)
    }

    @Test func csrf() throws {
        // A cookie parameter and no CSRF middleware.
        #expect(try model.entry("POST /preferences").csrf.status == .missing)
        // Bearer tokens: a cross-site form cannot send them.
        #expect(try model.entry("POST /notes").csrf.status == .notApplicable)
        #expect(try model.entry("DELETE /notes/{note_id}").csrf.status == .notApplicable)
        #expect(try model.entry("WS /ws").csrf.status == .unknown)
    }

    @Test func strideStatuses() throws {
        let delete = try model.entry("DELETE /notes/{note_id}")
        #expect(delete.status(.spoofing) == .open)
        #expect(delete.reaches(.database).contains { $0.target == "Note" && $0.writes })
        // The same write behind authentication is not open.
        #expect(try model.entry("POST /notes").status(.spoofing) == .mitigated)
        #expect(try model.entry("POST /preferences").status(.tampering) == .open)
        let preview = try model.entry("GET /preview")
        let ssrf = preview.findings.filter { $0.ruleID == "TL-WEB-SSRF" }.map(\.id)
        #expect(ssrf.count == 1)
        #expect(preview.stride(.elevationOfPrivilege)?.findings == ssrf)
        #expect(preview.status(.elevationOfPrivilege) == .open)
        #expect(try model.entry("POST /token").status(.spoofing) == .mitigated)
        #expect(try model.entry("GET /admin/stats").status(.elevationOfPrivilege) == .mitigated)
        // The flow to services chosen at run time carries the SSRF finding too.
        let crossing = model.crossings.first { $0.to == "external_web" }
        #expect(crossing?.stride.first { $0.category == .tampering }?.findings == ssrf)
    }
}
