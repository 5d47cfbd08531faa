import Foundation
import Testing
@testable import Probe

// MARK: HTML tokenizer and document

@Test func tokenizerReadsTagsAttributesAndEntities() {
    let html = #"<A HREF="/a?x=1&amp;y=2" class=nav>x</A><img src='/i.png' alt=a&#39;b><input disabled name=q value=&quot;hi&quot;>"#
    let tags = HTMLTokenizer(html).tokenize().tags
    #expect(tags.map(\.name) == ["a", "a", "img", "input"])
    #expect(tags[0].attribute("href") == "/a?x=1&y=2")
    #expect(tags[0].attribute("class") == "nav")
    #expect(tags[1].isEnd)
    #expect(tags[2].attribute("alt") == "a'b")
    #expect(tags[3].attribute("disabled") == "")
    #expect(tags[3].attribute("value") == "\"hi\"")
}

@Test func tokenizerSkipsCommentsScriptsAndDoctype() {
    let html = """
    <!DOCTYPE html><!-- <a href="/commented"> --><script>var s = "<a href='/in-script'>";</script>
    <style>a[href="/in-style"]{}</style><title>Shop &amp; Co</title><a href="/real">r</a>
    """
    let (tags, title) = HTMLTokenizer(html).tokenize()
    #expect(title == "Shop & Co")
    let hrefs = tags.compactMap { $0.attribute("href") }
    #expect(hrefs == ["/real"])
}

@Test func tokenizerSurvivesBrokenMarkup() {
    for html in ["<a href=\"/unterminated", "<", "<<<>>>", "<a href=>", "<!--", "<script>never closed", "<a =x href=/ok>", "</", "<1a>", "\u{0}<a\u{0}>"] {
        _ = HTMLTokenizer(html).tokenize()  // must not crash or hang
    }
    #expect(HTMLTokenizer("<a =x href=/ok>").tokenize().tags.first?.attribute("href") == "/ok")
    #expect(HTMLTokenizer("<a href=/x/>").tokenize().tags.first?.attribute("href") == "/x/")
}

@Test func documentFindsLinksFormsAndMetas() {
    let html = """
    <html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><meta name=referrer content=no-referrer>
    <base href="/app/"></head><body>
    <a href="page1">1</a><iframe src="/frame"></iframe><frame src="/f2">
    <form method="POST" action="/login"><input type=hidden name=csrf_token value=abc><input name=user><input type=password name=pw>
    <select name=country></select><textarea name=note></textarea><button name=go value=1>Go</button><input type=submit></form>
    <form action="/search"><input name=q></form>
    <form method=PUT><input name=x>
    """
    let document = HTMLDocument(html)
    #expect(document.links == ["page1", "/frame", "/f2", "/login", "/search"])
    #expect(document.baseHref == "/app/")
    #expect(document.meta("content-security-policy") == ["default-src 'self'"])
    #expect(document.meta("referrer") == ["no-referrer"])
    #expect(document.forms.count == 3)
    #expect(document.forms[0].method == "post")
    #expect(document.forms[0].fields.map(\.name) == ["csrf_token", "user", "pw", "country", "note", "go"])
    #expect(document.forms[0].fields.map(\.type) == ["hidden", "text", "password", "select", "textarea", "submit"])
    #expect(document.forms[0].hasPasswordField)
    #expect(document.forms[1].method == "get")
    #expect(document.forms[2].method == "get")  // PUT is not a form method: browsers use GET
}

// MARK: Content-Security-Policy

@Test func cspStrongPolicyHasNoWeakness() {
    let policy = ContentSecurityPolicy("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
    #expect(!policy.allowsInlineScript)
    #expect(!policy.allowsEval)
    #expect(policy.wildcardSources.isEmpty)
    #expect(policy.missingDirectives.isEmpty)
    #expect(policy.hasFrameAncestors)
}

@Test func cspFallsBackToDefaultSrc() {
    let policy = ContentSecurityPolicy("DEFAULT-SRC 'self' 'UNSAFE-INLINE' https:")
    #expect(policy.allowsInlineScript)
    #expect(policy.wildcardSources == ["script-src https:", "object-src https:"])
    #expect(policy.missingDirectives == ["base-uri", "frame-ancestors"])
}

@Test func cspNonceOrStrictDynamicNeutralisesUnsafeInline() {
    #expect(!ContentSecurityPolicy("script-src 'nonce-abc' 'unsafe-inline'").allowsInlineScript)
    #expect(!ContentSecurityPolicy("script-src 'sha256-xyz=' 'unsafe-inline'").allowsInlineScript)
    let dynamic = ContentSecurityPolicy("script-src 'strict-dynamic' 'nonce-a' 'unsafe-inline' https:; object-src 'none'")
    #expect(!dynamic.allowsInlineScript)
    #expect(dynamic.wildcardSources.isEmpty)
}

@Test func cspDetectsEvalWildcardAndMissingScriptRestriction() {
    let policy = ContentSecurityPolicy("script-src 'self' 'unsafe-eval' *; img-src *")
    #expect(policy.allowsEval)
    #expect(policy.wildcardSources == ["script-src *"])
    let onlyImages = ContentSecurityPolicy("img-src 'self'")
    #expect(onlyImages.allowsInlineScript)
    #expect(onlyImages.missingDirectives.contains("script-src (no default-src either)"))
    #expect(onlyImages.missingDirectives.contains("object-src"))
}

@Test func cspFirstDuplicateDirectiveWinsAndMetaIgnoresFrameAncestors() {
    let policy = ContentSecurityPolicy("script-src 'self'; script-src *")
    #expect(policy.sources("script-src") == ["'self'"])
    let meta = ContentSecurityPolicy("default-src 'self'; frame-ancestors 'none'; base-uri 'none'", fromMeta: true)
    #expect(!meta.hasFrameAncestors)
    #expect(meta.missingDirectives.isEmpty)  // frame-ancestors cannot be set from meta; it is not asked for there
}

// MARK: Strict-Transport-Security

@Test(arguments: [
    ("max-age=63072000; includeSubDomains; preload", [String]()),
    ("max-age=31536000;includesubdomains", []),
    ("max-age=\"31536000\"; includeSubDomains", []),
    ("max-age=3600; includeSubDomains", ["max-age=3600 is shorter than one year (31536000)"]),
    ("max-age=63072000", ["includeSubDomains is missing"]),
    ("includeSubDomains", ["max-age is missing or not a number, so browsers ignore the header"]),
    ("max-age=abc", ["max-age is missing or not a number, so browsers ignore the header", "includeSubDomains is missing"]),
])
func hstsWeaknesses(header: String, expected: [String]) {
    #expect(StrictTransportSecurity(header).weaknesses == expected)
}

// MARK: Set-Cookie

@Test func setCookieParsesAttributes() throws {
    let cookie = try #require(SetCookie(parsing: "session=abc=def; Path=/; secure; HTTPONLY; SameSite=Lax; Max-Age=3600; Domain=.shop.test"))
    #expect(cookie.name == "session")
    #expect(cookie.value == "abc=def")
    #expect(cookie.secure && cookie.httpOnly)
    #expect(cookie.sameSite == "Lax")
    #expect(cookie.maxAge == 3600)
    #expect(cookie.domain == ".shop.test")
    #expect(cookie.isSessionLike)
    #expect(cookie.lifetime(now: Date()) == 3600)
}

@Test func setCookieExpiresDateFormats() throws {
    let now = try #require(HTTPDate.parse("Mon, 23 Nov 2026 00:00:00 GMT"))
    for header in ["remember=1; Expires=Thu, 20 Nov 2036 00:00:00 GMT", "remember=1; expires=Thursday, 20-Nov-36 00:00:00 GMT", "remember=1; Expires=Thu Nov 20 00:00:00 2036"] {
        let cookie = try #require(SetCookie(parsing: header))
        let days = try #require(cookie.lifetime(now: now)) / 86_400
        #expect(days > 3640 && days < 3660, "\(header)")
    }
    // Max-Age wins over Expires.
    let both = try #require(SetCookie(parsing: "a=b; Expires=Thu, 20 Nov 2036 00:00:00 GMT; Max-Age=60"))
    #expect(both.lifetime(now: now) == 60)
    #expect(try #require(SetCookie(parsing: "a=b")).lifetime(now: now) == nil)
}

@Test func setCookieRejectsNamelessAndClassifiesNames() {
    #expect(SetCookie(parsing: "novalue") == nil)
    #expect(SetCookie(parsing: "=x; Path=/") == nil)
    #expect(SetCookie(parsing: "csrftoken=x")?.isSessionLike == false)
    #expect(SetCookie(parsing: "XSRF-TOKEN=x")?.isSessionLike == false)
    #expect(SetCookie(parsing: "theme=dark")?.isSessionLike == false)
    #expect(SetCookie(parsing: "sessionid=x")?.isSessionLike == true)
    #expect(SetCookie(parsing: "remember_token=x")?.isSessionLike == true)
}

@Test func joinedSetCookieSplitsOnCookieBoundariesOnly() {
    let joined = "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/, session=xyz; HttpOnly, theme=dark"
    #expect(splitJoinedSetCookie(joined) == ["a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/", "session=xyz; HttpOnly", "theme=dark"])
    #expect(splitJoinedSetCookie("one=1") == ["one=1"])
}

// MARK: robots.txt

@Test func robotsPicksOurGroupOrTheWildcard() {
    let text = """
    User-agent: googlebot
    Disallow: /

    User-agent: *
    Disallow: /admin/
    Disallow: /*.pdf$
    Allow: /admin/public
    # comment
    """
    let robots = RobotsTxt(text)
    #expect(robots.allows("/"))
    #expect(!robots.allows("/admin/"))
    #expect(!robots.allows("/admin/users?id=1"))
    #expect(robots.allows("/admin/public/page"))
    #expect(!robots.allows("/docs/a.pdf"))
    #expect(robots.allows("/docs/a.pdf?x=1"))

    let ours = RobotsTxt("User-agent: *\nDisallow:\n\nUser-agent: Taintline\nUser-agent: other\nDisallow: /private")
    #expect(!ours.allows("/private/x"))
    #expect(ours.allows("/public"))
    #expect(RobotsTxt("User-agent: *\nDisallow:").allows("/anything"))
    #expect(RobotsTxt("").allows("/anything"))
}

@Test func robotsLongestMatchWinsAndAllowWinsTies() {
    let robots = RobotsTxt("User-agent: *\nDisallow: /page\nAllow: /page\nDisallow: /a/b\nAllow: /a")
    #expect(robots.allows("/page"))
    #expect(!robots.allows("/a/b/c"))
    #expect(robots.allows("/a/c"))
    // Many stars must not blow up.
    let stars = RobotsTxt("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b$")
    #expect(stars.allows("/" + String(repeating: "a", count: 2000)))
}
