import Dataflow
import Findings
import PythonSyntax

/// A database account configured with an empty password.
enum EmptyDatabasePassword {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-EMPTY-DB-PASSWORD", name: "empty-database-password", summary: "Database connection configured with an empty password",
        severity: .medium, confidence: .high, owasp: .a07, cwe: 521,
        what: "Finds a database server account used without a password: a Django `DATABASES` entry whose `PASSWORD` is `\"\"` (SQLite engines excepted), a database URL with an empty password (`postgresql://user:@host/db`) assigned to `SQLALCHEMY_DATABASE_URI`/`DATABASE_URL` or passed to `sqlalchemy.create_engine`, and driver connections (`psycopg2`/`psycopg`, `pymysql`, `MySQLdb`, `mysql.connector`) called with `password=\"\"` or `passwd=\"\"`. Test files are not reported.",
        why: "A database that accepts the account without a password is open to anyone who can reach its port (another container, a compromised host in the network, a misconfigured firewall), and the application's data with it.",
        example: "DATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\", \"NAME\": \"app\", \"USER\": \"app\", \"PASSWORD\": \"\"}}",
        useInstead: "DATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\", \"NAME\": \"app\", \"USER\": \"app\", \"PASSWORD\": os.environ[\"DB_PASSWORD\"]}}",
        references: ["https://cwe.mitre.org/data/definitions/521.html",
                     "https://docs.djangoproject.com/en/stable/ref/settings/#password"])

    static let rule = Rule(descriptor, on: [.assign, .call], examples: [
        RuleExample("""
        import MySQLdb
        from flask import Flask
        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://user:@domain.com"  # error: TL-WEB-EMPTY-DB-PASSWORD

        DATABASES = {
            "postgresql_db": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "quickdb",
                "USER": "sonarsource",
                "PASSWORD": "",  # error: TL-WEB-EMPTY-DB-PASSWORD
                "HOST": "localhost",
            }
        }

        def connect():
            return MySQLdb.connect(host="localhost", user="root", passwd="", db="test")  # error: TL-WEB-EMPTY-DB-PASSWORD
        """),
        RuleExample("""
        import os
        import psycopg2
        from sqlalchemy import create_engine
        DATABASES = {
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3", "PASSWORD": ""},
            "main": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "PASSWORD": os.environ["DB_PASSWORD"]},
        }
        SQLALCHEMY_DATABASE_URI = "sqlite:///app.db"
        DATABASE_URL = "postgresql://app@db/app"
        engine = create_engine(os.environ.get("DATABASE_URL", "postgresql://app:@localhost/app"))
        connection = psycopg2.connect(dbname="app", password=os.environ["PGPASSWORD"])
        settings = {"PASSWORD": ""}
        """),
    ], check: { check($0, $1) })

    static let urlSettings: Set<String> = ["SQLALCHEMY_DATABASE_URI", "DATABASE_URL", "DATABASE_URI", "SQLALCHEMY_URL"]
    static let drivers: Set<String> = ["psycopg2.connect", "psycopg.connect", "pymysql.connect", "MySQLdb.connect",
                                       "mysql.connector.connect", "pymssql.connect", "asyncpg.connect"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile else { return [] }
        switch node {
        case .statement(let stmt):
            guard case .assign(let targets, let value, _) = context.tree[stmt].kind, targets.count == 1,
                  let name = context.assignedName(targets[0]) else { return [] }
            if name == "DATABASES" { return databases(value, context) }
            if urlSettings.contains(name), let url = context.string(value), hasEmptyPassword(url) {
                return [urlFinding(value, context)]
            }
            return []
        case .expression:
            guard let call = context.call(node), let name = call.name else { return [] }
            if name == "sqlalchemy.create_engine", let first = call.argument(0, "url"), let url = context.string(first), hasEmptyPassword(url) {
                return [urlFinding(first, context)]
            }
            guard drivers.contains(name) else { return [] }
            for keyword in ["password", "passwd"] {
                if let value = call.keyword(keyword), context.string(value) == "" {
                    return [context.finding(descriptor, at: value,
                                            description: "`\(name)` logs in with an empty `\(keyword)`: the database account has no password.",
                                            remediation: "Give the database account a strong password and read it at run time (`os.environ[\"DB_PASSWORD\"]` or a secret store).",
                                            fix: "\(keyword)=os.environ[\"DB_PASSWORD\"]")]
                }
            }
            return []
        case .module:
            return []
        }
    }

    /// Django `DATABASES = {"alias": {"ENGINE": ..., "PASSWORD": ""}}`.
    static func databases(_ value: ExprID, _ context: RuleContext) -> [Finding] {
        guard case .dict(_, let entries) = context.tree[value].kind else { return [] }
        var findings: [Finding] = []
        for entry in entries {
            guard case .dict(let keys, let values) = context.tree[entry].kind else { continue }
            var engine: String?
            var password: ExprID?
            for (key, item) in zip(keys, values) {
                guard let key, let text = context.string(key) else { continue }
                if text == "ENGINE" { engine = context.string(item) }
                if text == "PASSWORD", context.string(item) == "" { password = item }
            }
            guard let password, let engine, !engine.contains("sqlite") else { continue }
            findings.append(context.finding(descriptor, at: password,
                                            description: "The `\(engine)` database is configured with an empty `PASSWORD`: the account has no password.",
                                            remediation: "Give the database account a strong password and read it at run time: `\"PASSWORD\": os.environ[\"DB_PASSWORD\"]`.",
                                            fix: "\"PASSWORD\": os.environ[\"DB_PASSWORD\"]"))
        }
        return findings
    }

    /// `scheme://user:@host...` with a scheme that is not SQLite.
    static func hasEmptyPassword(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard !scheme.hasPrefix("sqlite") else { return false }
        let rest = url[schemeEnd.upperBound...]
        guard let at = rest.firstIndex(of: "@") else { return false }
        let userinfo = rest[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return false }
        return userinfo.index(after: colon) == userinfo.endIndex && colon != userinfo.startIndex
    }

    static func urlFinding(_ value: ExprID, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: value,
                        description: "The database URL `\(context.text(value, limit: 60))` has an empty password: the account logs in without one.",
                        remediation: "Give the database account a strong password and build the URL at run time from the environment or a secret store.",
                        fix: "os.environ[\"DATABASE_URL\"]")
    }
}
