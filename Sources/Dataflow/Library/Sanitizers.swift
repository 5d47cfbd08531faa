/// Library functions that make request data safe for some sinks, keyed by qualified name,
/// with the sink kinds each protects. A sanitizer clears only those kinds: the value it
/// returns still carries the request's data to every other sink (`html.escape(name)` in a
/// shell command is still command injection). Conversions to a number or a UUID protect
/// every kind. A rule's own context checks (a constant host before the request's path in a
/// URL, `Markup("...%s") % x`) stay in the rule; everything that is a function is here.
public enum Sanitizers {
    /// Text with no character markup or a quoted string can be broken by: `<`, `>`, `&`, `"`, `'`.
    static let htmlEscapes: [String] = [
        "html.escape", "cgi.escape", "markupsafe.escape", "markupsafe.Markup.escape", "jinja2.escape", "jinja2.utils.escape",
        "flask.escape", "werkzeug.utils.escape", "django.utils.html.escape", "django.utils.html.conditional_escape",
        "django.utils.html.escapejs", "django.utils.html.strip_tags", "django.template.defaultfilters.escape",
        "django.template.defaultfilters.force_escape", "xml.sax.saxutils.escape", "xml.sax.saxutils.quoteattr",
        "bleach.clean", "bleach.sanitizer.Cleaner.clean", "nh3.clean", "lxml.html.clean.clean_html", "tornado.escape.xhtml_escape",
        // WTForms' attribute builder escapes every value it writes; so do Django's (`flatatt`)
        // and its formatters, which escape each argument.
        "wtforms.widgets.html_params", "wtforms.widgets.core.html_params", "django.forms.utils.flatatt",
        "django.utils.html.format_html", "django.utils.html.format_html_join",
    ]
    /// A URL the app's router built: a path on this site with every value percent-encoded.
    static let routerURLs: [String] = ["flask.url_for", "flask.helpers.url_for", "quart.url_for", "quart.helpers.url_for", "django.urls.reverse",
                                       "django.shortcuts.resolve_url"]
    /// HTML a template produced: the template escaped what it inserted (autoescaping), so the
    /// result is markup, not request text. (A template that marks a value `|safe` is the
    /// template rules' finding.)
    static let renderedTemplates: [String] = [
        "flask.render_template", "flask.templating.render_template", "quart.render_template", "quart.templating.render_template",
        "django.template.loader.render_to_string",
    ]
    /// Percent-encoding leaves no quote, angle bracket, space, newline or `*()\`: safe inside
    /// HTML, a header, a log line, an SQL or XPath string, an LDAP filter or a template.
    /// Not a path (`/` and `..` stay) nor a URL's host (the value is still the whole URL).
    static let percentEncoders: [String] = ["urllib.parse.quote", "urllib.parse.quote_plus", "urllib.parse.urlencode", "urllib.parse.quote_from_bytes"]
    /// A single file-name component (no `/`, no `..`).
    static let fileNames: [String] = [
        "os.path.basename", "posixpath.basename", "ntpath.basename", "django.utils.text.get_valid_filename",
        "pathvalidate.sanitize_filename", "pathvalidate.sanitize_filepath",
    ]
    /// A path checked to stay inside a base folder (the result is None or an error otherwise).
    static let containedPaths: [String] = ["werkzeug.security.safe_join", "werkzeug.utils.safe_join", "flask.helpers.safe_join",
                                           "django.utils._os.safe_join"]
    /// Conversions whose result is a number, a truth value or a UUID: nothing to inject.
    static let conversions: [String] = [
        "builtins.int", "builtins.float", "builtins.bool", "builtins.len", "builtins.abs", "builtins.round", "builtins.hash",
        "builtins.ord", "builtins.complex", "uuid.UUID", "decimal.Decimal", "fractions.Fraction", "ipaddress.ip_address",
        "ipaddress.IPv4Address", "ipaddress.IPv6Address", "datetime.date.fromisoformat", "datetime.datetime.fromisoformat",
        "datetime.datetime.strptime", "hashlib.sha256", "hashlib.sha1", "hashlib.md5", "hmac.new", "secrets.compare_digest",
    ]

    /// Password hashing functions: what they return is a salted hash (or a hash record), the
    /// form a password may be stored in. (Their libraries are also opaque to the walk; the rows
    /// say why the value stops for the stored-password sink, and cover method calls resolved
    /// to them, `PasswordHasher().hash(pw)`.)
    static let passwordHashers: [String] = [
        "werkzeug.security.generate_password_hash", "werkzeug.generate_password_hash",
        "django.contrib.auth.hashers.make_password", "bcrypt.hashpw", "bcrypt.kdf",
        "passlib.context.CryptContext.hash", "passlib.context.CryptContext.encrypt", "passlib.hash.bcrypt.hash",
        "passlib.hash.argon2.hash", "passlib.hash.pbkdf2_sha256.hash", "passlib.hash.sha512_crypt.hash",
        "argon2.PasswordHasher.hash", "argon2.hash_password", "argon2.low_level.hash_secret",
        "flask_bcrypt.generate_password_hash", "flask_bcrypt.Bcrypt.generate_password_hash",
        "flask_security.hash_password", "flask_security.utils.hash_password", "flask_security.utils.encrypt_password",
        "hashlib.pbkdf2_hmac", "hashlib.scrypt", "crypt.crypt", "pwdlib.PasswordHash.hash",
        "fastapi_users.password.PasswordHelper.hash",
    ]

    /// Qualified name → the sink kinds the function's result is safe for.
    public static let table: [String: Set<SinkKind>] = {
        var out: [String: Set<SinkKind>] = [:]
        func add(_ names: [String], _ kinds: Set<SinkKind>) { for name in names { out[name, default: []].formUnion(kinds) } }
        add(htmlEscapes, [.html])
        add(renderedTemplates, [.html])
        add(percentEncoders, [.html, .header, .log, .sql, .xpath, .ldap, .template])
        // (Nothing from the request decides more than a percent-encoded part of a path on this
        // site: it ends every flow, as it did when it had no row.)
        add(routerURLs, SinkKind.all)
        add(["shlex.quote", "pipes.quote", "shlex.join"], [.command])
        add(fileNames, [.path])
        add(containedPaths, [.path])
        // `[A-Za-z0-9_.-]` only: no separator, no quote, no markup, no newline, no scheme.
        add(["werkzeug.utils.secure_filename", "werkzeug.secure_filename"],
            [.path, .html, .sql, .header, .log, .ldap, .xpath, .template, .redirect, .url])
        // A slug is lower-case letters, digits and hyphens.
        add(["slugify.slugify", "django.utils.text.slugify", "python_slugify.slugify"],
            [.path, .html, .sql, .command, .header, .log, .ldap, .xpath, .template, .redirect, .url, .regex, .code])
        add(["re.escape", "regex.escape"], [.regex])
        add(["ldap.filter.escape_filter_chars", "ldap3.utils.conv.escape_filter_chars", "ldap.dn.escape_dn_chars",
             "ldap3.utils.dn.escape_rdn", "ldap.filter.filter_format"], [.ldap])
        add(["pymysql.converters.escape_string", "MySQLdb.escape_string", "psycopg2.extensions.quote_ident",
             "sqlalchemy.sql.expression.literal", "sqlalchemy.literal", "sqlalchemy.bindparam"], [.sql])
        add(passwordHashers, [.storedPassword])
        add(conversions, SinkKind.all)
        return out
    }()

    /// The kinds a call of `name` makes its result safe for; nil when it is no sanitizer.
    public static func protects(_ name: String) -> Set<SinkKind>? { table[name] }
}
