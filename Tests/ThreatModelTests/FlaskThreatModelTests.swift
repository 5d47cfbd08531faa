import Testing
@testable import ThreatModel

/// The Flask fixture (`Fixtures/flask_app`): Flask-Login, a project decorator that forbids,
/// a blueprint hook that checks an API key, CSRFProtect, Flask-Limiter, a signed webhook,
/// SQLAlchemy models, an outgoing request, e-mail, a Celery task and a CLI command.
@Suite struct FlaskThreatModelTests {
    let model: ThreatModelDocument

    init() throws { model = try ModelFixture.app("flask_app") }

    @Test func everyEntryPointIsFound() throws {
        #expect(model.entryPoints.map(\.title) == [
            "GET /", "GET /accounts/<int:account_id>", "GET /admin/users", "POST /api/accounts", "POST /contact", "POST /files/<name>",
            "POST /hooks/payment", "GET, POST /login", "GET /rates", "POST /reports", "POST /transfer", "command seed", "task generate_report",
        ])
        #expect(model.entryPoints.map(\.id) == (1...13).map { "E\($0)" })
        #expect(model.entryPoints.filter { $0.kind == .http }.allSatisfy { $0.framework == "Flask" })
    }

    @Test func handlersAndInputs() throws {
        let transfer = try model.entry("POST /transfer")
        #expect(transfer.handler == CodeLocation(file: "shop/views.py", line: 45, function: "transfer"))
        #expect(transfer.inputTexts == ["form amount", "form from"])
        #expect(try model.entry("GET, POST /login").inputTexts == ["form name", "form password"])
        #expect(try model.entry("POST /hooks/payment").inputTexts == ["json id", "body", "header X-Signature"])
        let files = try model.entry("POST /files/<name>")
        #expect(files.inputTexts == ["path name"])
        #expect(files.pathParameters == ["name"])
        #expect(try model.entry("POST /api/accounts").inputTexts == ["json owner"])
        #expect(try model.entry("task generate_report").inputTexts == ["message user_id"])
        #expect(try model.entry("GET /").inputs.isEmpty)
    }

    @Test func authentication() throws {
        let index = try model.entry("GET /")
        // `@timed` is a project decorator that rejects nothing: no authentication.
        #expect(index.authentication.status == .none)
        #expect(index.authentication.mechanisms.isEmpty)
        let account = try model.entry("GET /accounts/<int:account_id>")
        #expect(account.authentication.status == .required)
        #expect(account.authentication.mechanisms.map(\.text) == ["`@login_required` requires a logged-in user"])
        let admin = try model.entry("GET /admin/users")
        #expect(admin.authentication.status == .required)
        #expect(admin.authentication.authorization.count == 1)
        #expect(admin.authentication.authorization[0].text.contains("`@admin_required` requires a role or permission"))
        #expect(admin.authentication.authorization[0].text.contains("forbids the request (403)"))
        // The blueprint's `before_request` hook rejects requests without the API key.
        let api = try model.entry("POST /api/accounts")
        #expect(api.authentication.status == .required)
        #expect(api.authentication.mechanisms.first?.text.hasPrefix("`check_key` runs before each request (`@api.before_request`)") == true)
        let hook = try model.entry("POST /hooks/payment")
        #expect(hook.authentication.status == .required)
        #expect(hook.authentication.mechanisms.first?.text.hasPrefix("verifies the sender's signature") == true)
        let login = try model.entry("GET, POST /login")
        #expect(login.authentication.status == .none)
        #expect(login.authentication.isLogin)
        #expect(!account.authentication.isLogin)
        // The query is filtered by the current user: an object-level check.
        let transfer = try model.entry("POST /transfer")
        #expect(transfer.authentication.authorization.first?.text.contains("owner_id=current_user.id") == true)
        #expect(try model.entry("command seed").authentication.status == .notApplicable)
    }

    @Test func csrfAndRateLimits() throws {
        let transfer = try model.entry("POST /transfer")
        #expect(transfer.csrf.status == .applied)
        #expect(transfer.csrf.evidence.first?.location == CodeLocation(file: "shop/__init__.py", line: 14))
        #expect(try model.entry("GET /").csrf.status == .notApplicable)
        // Exempt, and rightly: the webhook authenticates by signature, not by cookie.
        let hook = try model.entry("POST /hooks/payment")
        #expect(hook.csrf.status == .notApplicable)
        #expect(hook.csrf.evidence.first?.text == "`@csrf.exempt` exempts the route from the CSRF check")
        let login = try model.entry("GET, POST /login")
        #expect(login.rateLimit.status == .applied)
        #expect(login.rateLimit.evidence.first?.text == "`@limiter.limit(\"5/minute\")` limits the rate")
        #expect(transfer.rateLimit.status == .missing)
        #expect(try model.entry("command seed").rateLimit.status == .notApplicable)
    }

    @Test func reaches() throws {
        let rates = try model.entry("GET /rates")
        #expect(rates.reaches(.http).map(\.target) == ["https://api.rates.example"])
        let contact = try model.entry("POST /contact")
        #expect(contact.reaches(.email).compactMap(\.target) == ["mail.example.com"])
        #expect(try model.entry("POST /reports").reaches(.queue).map(\.target) == ["generate_report"])
        let transfer = try model.entry("POST /transfer")
        #expect(transfer.reaches(.database).contains { $0.target == "Account" })
        #expect(transfer.reaches(.database).contains { $0.writes && $0.call == "db.session.commit" })
        let files = try model.entry("POST /files/<name>")
        #expect(files.reaches(.file).map(\.call) == ["os.remove"])
        #expect(files.reaches(.file).allSatisfy { $0.writes })
        #expect(try model.entry("GET /accounts/<int:account_id>").reaches(.template).map(\.target) == ["account.html"])
        #expect(try model.entry("GET /").stateChanges.isEmpty)
    }

    @Test func strideStatuses() throws {
        let transfer = try model.entry("POST /transfer")
        // Authenticated: spoofing is not open (the negative case of "no authentication on a state-changing route").
        #expect(transfer.status(.spoofing) == .mitigated)
        #expect(transfer.status(.tampering) == .mitigated)
        #expect(transfer.status(.repudiation) == .mitigated)
        #expect(transfer.status(.elevationOfPrivilege) == .mitigated)
        let files = try model.entry("POST /files/<name>")
        #expect(files.status(.spoofing) == .open)
        #expect(files.status(.tampering) == .open)
        #expect(files.status(.repudiation) == .open)
        let traversal = files.findings.filter { $0.ruleID == "TL-WEB-PATH-TRAVERSAL" }
        #expect(traversal.count == 1)
        #expect(files.stride(.tampering)?.findings == traversal.map(\.id))
        let login = try model.entry("GET, POST /login")
        #expect(login.status(.spoofing) == .mitigated)
        #expect(login.status(.denialOfService) == .mitigated)
        #expect(login.status(.repudiation) == .mitigated)
        #expect(try model.entry("GET /admin/users").status(.elevationOfPrivilege) == .mitigated)
        // An id from the URL, a database read, no ownership check: a reviewer must look (IDOR?).
        #expect(try model.entry("GET /accounts/<int:account_id>").status(.elevationOfPrivilege) == .unknown)
        #expect(try model.entry("GET /rates").status(.denialOfService) == .open)
        let index = try model.entry("GET /")
        #expect(index.status(.spoofing) == .notApplicable)
        #expect(index.status(.tampering) == .notApplicable)
        #expect(index.status(.informationDisclosure) == .notApplicable)
        // The hook's key comparison is not constant-time: it belongs to every route the hook guards.
        let api = try model.entry("POST /api/accounts")
        #expect(api.findings.map(\.ruleID) == ["TL-WEB-TIMING-COMPARE"])
        #expect(api.status(.informationDisclosure) == .open)
        #expect(try model.entry("command seed").status(.spoofing) == .notApplicable)
        #expect(try model.entry("task generate_report").status(.spoofing) == .unknown)
    }

    @Test func applicationWideFindings() {
        // The literal SECRET_KEY (one finding: the framework key rule covers bandit's B105).
        #expect(model.applicationFindings.map(\.ruleID) == ["TL-WEB-HARDCODED-SECRET-KEY"])
        let spoofing = model.applicationStride.first { $0.category == .spoofing }
        #expect(spoofing?.status == .open)
        #expect(spoofing?.findings == model.applicationFindings.map(\.id))
    }

    @Test func diagram() {
        let diagram = model.diagram
        #expect(diagram.nodes.map(\.id) == [
            "actor_admin", "actor_anonymous", "actor_operator", "actor_user", "actor_webhook", "process_cli", "process_web", "process_worker",
            "store_database", "store_files", "store_queue", "external_api_rates_example", "external_mail",
        ])
        #expect(diagram.node("store_database")?.details == ["Account", "User"])
        #expect(diagram.boundaries.map(\.id) == ["internet", "operations", "application", "data", "external"])
        let anonymous = diagram.flows.first { $0.from == "actor_anonymous" }
        #expect(anonymous?.to == "process_web")
        #expect(anonymous?.crossesBoundary == true)
        #expect(anonymous?.entryPoints == ["E1", "E6", "E8", "E9"])
        #expect(diagram.flows.first { $0.from == "process_web" && $0.to == "store_database" }?.label == "reads, writes")
        #expect(diagram.flows.first { $0.from == "store_queue" }?.to == "process_worker")
        #expect(model.crossings.contains { $0.to == "external_api_rates_example" && $0.stride.first?.status == .mitigated })
    }
}
