import Testing
@testable import ThreatModel

/// The Django fixture (`Fixtures/django_app`): `urlpatterns` with an include, function views
/// with `login_required`, `permission_required`, `require_POST` and `csrf_exempt`, a generic
/// view with `LoginRequiredMixin`, DRF views with and without `permission_classes`, settings
/// with `CsrfViewMiddleware` and DRF throttles, and a management command.
@Suite struct DjangoThreatModelTests {
    let model: ThreatModelDocument

    init() throws { model = try ModelFixture.app("django_app") }

    @Test func everyEntryPointIsFound() throws {
        #expect(model.entryPoints.map(\.title) == [
            "GET, POST /shop/", "GET /shop/api/items/", "POST /shop/api/items/", "GET /shop/api/public/", "GET /shop/items/",
            "POST /shop/items/<int:pk>/delete/", "GET, POST /shop/orders/<int:pk>/", "GET, POST /shop/profile/", "GET, POST /shop/search/",
            "GET, POST /shop/upload/", "command manage.py import_items",
        ])
        #expect(model.entryPoints.filter { $0.kind == .http }.allSatisfy { $0.framework == "Django" })
    }

    @Test func handlersAndInputs() throws {
        let items = try model.entry("GET /shop/items/")
        // A generic view that defines no verb method is one entry point, at its class.
        #expect(items.handler == CodeLocation(file: "shop/views.py", line: 52, function: "ItemList"))
        #expect(try model.entry("POST /shop/api/items/").handler.function == "ItemAPI.post")
        #expect(try model.entry("GET, POST /shop/search/").inputTexts == ["query q"])
        #expect(try model.entry("GET, POST /shop/upload/").inputTexts == ["file doc"])
        #expect(try model.entry("GET, POST /shop/profile/").inputTexts == ["form email"])
        #expect(try model.entry("POST /shop/api/items/").inputTexts == ["json name", "json price"])
        #expect(try model.entry("POST /shop/items/<int:pk>/delete/").inputTexts == ["path pk"])
        #expect(try model.entry("command manage.py import_items").inputTexts == ["argument --owner", "argument path"])
    }

    @Test func authentication() throws {
        #expect(try model.entry("GET, POST /shop/profile/").authentication.status == .required)
        #expect(try model.entry("GET, POST /shop/upload/").authentication.status == .none)
        let delete = try model.entry("POST /shop/items/<int:pk>/delete/")
        #expect(delete.methods == ["POST"])
        #expect(delete.authentication.status == .required)
        #expect(delete.authentication.authorization.first?.text.hasPrefix("`@permission_required(\"shop.delete_item\")`") == true)
        let items = try model.entry("GET /shop/items/")
        #expect(items.authentication.status == .required)
        #expect(items.authentication.mechanisms.first?.text == "derives from `LoginRequiredMixin`, which requires a logged-in user")
        let api = try model.entry("POST /shop/api/items/")
        #expect(api.authentication.status == .required)
        #expect(api.authentication.mechanisms.first?.text == "`permission_classes` lists `IsAuthenticated`, which requires a logged-in user")
        // No permission_classes and no DEFAULT_PERMISSION_CLASSES: DRF lets anyone in.
        let public_ = try model.entry("GET /shop/api/public/")
        #expect(public_.authentication.status == .none)
        #expect(public_.authentication.explicitlyPublic.first?.text.hasPrefix("DRF's default permission class is `AllowAny`") == true)
        #expect(try model.entry("command manage.py import_items").authentication.status == .notApplicable)
    }

    @Test func csrfAndRateLimits() throws {
        let delete = try model.entry("POST /shop/items/<int:pk>/delete/")
        #expect(delete.csrf.status == .applied)
        #expect(delete.csrf.evidence.first?.location == CodeLocation(file: "site/settings.py", line: 15))
        let upload = try model.entry("GET, POST /shop/upload/")
        #expect(upload.csrf.status == .exempt)
        #expect(try model.entry("POST /shop/api/items/").csrf.status == .applied)
        #expect(try model.entry("GET /shop/api/items/").csrf.status == .notApplicable)
        // DRF views are throttled by the settings' DEFAULT_THROTTLE_CLASSES; plain views are not.
        #expect(try model.entry("GET /shop/api/public/").rateLimit.status == .applied)
        #expect(upload.rateLimit.status == .missing)
    }

    @Test func reaches() throws {
        #expect(try model.entry("GET, POST /shop/search/").reaches(.database).map(\.target) == ["shop_item"])
        let profile = try model.entry("GET, POST /shop/profile/")
        #expect(profile.reaches(.email).map(\.call) == ["django.core.mail.send_mail"])
        #expect(profile.reaches(.database).contains { $0.target == "User" && $0.writes })
        #expect(try model.entry("GET, POST /shop/").reaches(.cache).map(\.target) == ["Django cache"])
        #expect(try model.entry("GET, POST /shop/upload/").reaches(.file).allSatisfy { $0.writes })
        #expect(try model.entry("command manage.py import_items").reaches(.database).contains { $0.target == "Item" && $0.writes })
    }

    @Test func strideStatuses() throws {
        let upload = try model.entry("GET, POST /shop/upload/")
        #expect(upload.status(.spoofing) == .open)
        #expect(upload.status(.tampering) == .open)
        #expect(upload.status(.denialOfService) == .open)
        #expect(upload.stride(.tampering)?.evidence.contains { $0.text.hasPrefix("TL-WEB-UPLOAD-FILENAME") } == true)
        let profile = try model.entry("GET, POST /shop/profile/")
        #expect(profile.status(.spoofing) == .mitigated)
        #expect(profile.status(.tampering) == .mitigated)
        #expect(profile.status(.repudiation) == .mitigated)
        let search = try model.entry("GET, POST /shop/search/")
        #expect(search.status(.tampering) == .open)
        #expect(search.stride(.tampering)?.findings == search.findings.filter { $0.ruleID == "TL-B608" }.map(\.id))
        #expect(try model.entry("POST /shop/items/<int:pk>/delete/").status(.elevationOfPrivilege) == .mitigated)
        #expect(try model.entry("GET, POST /shop/orders/<int:pk>/").status(.elevationOfPrivilege) == .unknown)
        #expect(try model.entry("GET /shop/api/public/").status(.informationDisclosure) == .unknown)
        #expect(try model.entry("GET /shop/api/public/").status(.denialOfService) == .mitigated)
    }
}
