import Testing
@testable import Dataflow

@Suite("Route authentication: what a view decorator requires, by the controls catalog")
struct RouteAuthenticationTests {
    @Test func aLibraryDecoratorIsTheCatalogsAndAnAuthenticatorsMethodAuthorisesWithARole() {
        #expect(RouteAuthentication.catalogEffect("flask_login.login_required", receiverClass: nil, attribute: nil, hasRoleKeyword: false)?.0 == .authenticates)
        #expect(RouteAuthentication.catalogEffect("django.contrib.auth.decorators.login_not_required", receiverClass: nil, attribute: nil, hasRoleKeyword: false)?.0 == .allowsAnyone)
        let basic = RouteAuthentication.catalogEffect("auth.login_required", receiverClass: "flask_httpauth.HTTPBasicAuth", attribute: "login_required", hasRoleKeyword: true)
        #expect(basic?.0 == .authorises)
        #expect(basic?.1 == .authenticator("flask_httpauth.HTTPBasicAuth"))
        // A project's own decorator is not the catalog's, whatever its name.
        #expect(RouteAuthentication.catalogEffect("shop.auth.login_required", receiverClass: nil, attribute: nil, hasRoleKeyword: false) == nil)
        #expect(RouteAuthentication.effect(byName: "shop.auth.login_required") == .authenticates)
        #expect(RouteAuthentication.effect(byName: "shop.auth.admin_required") == .authorises)
        #expect(RouteAuthentication.effect(byName: "shop.auth.timed") == nil)
    }

    @Test func aProjectsSummaryListsRoutesAndCountsItsOwnSpellingsOfALoginCheck() {
        #expect(RouteAuthentication.isListedRoute("flask.Flask.route"))
        #expect(RouteAuthentication.isListedRoute("flask.Blueprint.post"))
        #expect(RouteAuthentication.isListedRoute("shop.views.bp.route"))
        #expect(!RouteAuthentication.isListedRoute("flask.Flask.before_request"))
        #expect(!RouteAuthentication.isListedRoute("route"))
        #expect(RouteAuthentication.effect(ofListed: "flask_httpauth.HTTPTokenAuth.login_required") == .authenticates)
        #expect(RouteAuthentication.effect(ofListed: "pgadmin.utils.pga_login_required") == .authenticates)
        #expect(RouteAuthentication.effect(ofListed: "cps.usermanagement.user_login_required") == .authenticates)
        #expect(RouteAuthentication.effect(ofListed: "cps.admin.admin_required") == .authorises)
        #expect(RouteAuthentication.effect(ofListed: "cps.web.timed") == nil)
    }
}
