/// Data stores and external services the threat model draws, as data: what a call to them
/// looks like beyond the sink catalog's rows (which already give SQL, files, commands,
/// outgoing requests, template source, deserialisation and code). A call that is not here and
/// not in the catalog is not drawn.
enum Stores {
    /// Functions that open a database connection, and how the diagram names that database.
    static let connections: [String: String] = [
        "sqlite3.connect": "SQLite", "sqlite3.dbapi2.connect": "SQLite", "aiosqlite.connect": "SQLite",
        "psycopg2.connect": "PostgreSQL", "psycopg.connect": "PostgreSQL", "psycopg.AsyncConnection.connect": "PostgreSQL",
        "asyncpg.connect": "PostgreSQL", "asyncpg.create_pool": "PostgreSQL",
        "pymysql.connect": "MySQL", "MySQLdb.connect": "MySQL", "mysql.connector.connect": "MySQL", "aiomysql.connect": "MySQL",
        "sqlalchemy.create_engine": "SQL database (SQLAlchemy)", "sqlalchemy.ext.asyncio.create_async_engine": "SQL database (SQLAlchemy)",
        "pymongo.MongoClient": "MongoDB", "motor.motor_asyncio.AsyncIOMotorClient": "MongoDB",
        "cx_Oracle.connect": "Oracle", "oracledb.connect": "Oracle", "pyodbc.connect": "SQL database (ODBC)", "pymssql.connect": "SQL Server",
    ]
    /// Top-level packages whose import makes `.execute(...)`-style calls database calls.
    static let databaseModules: Set<String> = [
        "sqlite3", "aiosqlite", "psycopg2", "psycopg", "asyncpg", "pymysql", "MySQLdb", "mysql", "aiomysql", "sqlalchemy", "flask_sqlalchemy",
        "django", "peewee", "pony", "tortoise", "sqlmodel", "databases", "records", "dataset", "pandas", "cx_Oracle", "oracledb", "pyodbc",
        "pymssql",
    ]
    /// SQL statements that change data or schema.
    static let writingStatements: Set<String> = ["INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE", "MERGE", "UPSERT"]
    static let readingStatements: Set<String> = ["SELECT", "WITH", "PRAGMA", "SHOW", "EXPLAIN", "DESCRIBE"]

    /// ORM methods that write, called on a model, its manager or queryset (`Item.objects.create`,
    /// `item.save()`), or on a session (`db.session.add(item)`).
    static let modelWrites: Set<String> = ["save", "delete", "create", "update", "bulk_create", "bulk_update", "get_or_create",
                                           "update_or_create", "insert", "insert_one", "insert_many", "update_one", "update_many",
                                           "delete_one", "delete_many", "replace_one"]
    static let sessionWrites: Set<String> = ["add", "add_all", "commit", "delete", "merge", "flush", "bulk_save_objects"]

    /// Functions that render a template file (the diagram's template store; template source
    /// from the request is the catalog's `.template` sink).
    static let templateRenderers: Set<String> = [
        "flask.render_template", "flask.templating.render_template", "flask.stream_template", "quart.render_template",
        "django.shortcuts.render", "django.shortcuts.render_to_response", "django.template.loader.render_to_string",
        "django.template.loader.get_template", "django.template.response.TemplateResponse",
    ]
    /// Methods that render a template file (Starlette's and FastAPI's `Jinja2Templates`).
    static let templateMethods: Set<String> = ["TemplateResponse", "get_template"]

    /// Functions and classes that send e-mail.
    static let email: Set<String> = [
        "smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP", "django.core.mail.send_mail", "django.core.mail.send_mass_mail",
        "django.core.mail.mail_admins", "django.core.mail.mail_managers", "django.core.mail.EmailMessage",
        "django.core.mail.EmailMultiAlternatives", "flask_mail.Message", "sendgrid.SendGridAPIClient", "yagmail.SMTP",
    ]
    /// Methods of mail objects that send (`mail.send(msg)`, `smtp.sendmail(...)`).
    static let emailMethods: Set<String> = ["sendmail", "send_message"]
    static let mailers: Set<String> = ["flask_mail.Mail", "flask_mailman.Mail"]

    /// Cache clients (their methods read and write the cache), and Django's cache object.
    static let caches: Set<String> = [
        "redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url", "redis.asyncio.Redis", "redis.asyncio.from_url",
        "pymemcache.client.base.Client", "pymemcache.Client", "memcache.Client", "flask_caching.Cache", "aiocache.Cache",
    ]
    static let djangoCache = "django.core.cache.cache"
    static let cacheWrites: Set<String> = ["set", "delete", "incr", "decr", "add", "set_many", "delete_many", "hset", "lpush", "rpush",
                                           "sadd", "expire", "setex", "clear", "touch"]
    static let cacheReads: Set<String> = ["get", "get_many", "hget", "hgetall", "lrange", "smembers", "exists", "keys", "mget"]

    /// HTTP verbs of client calls that send data (the request writes on the other side).
    static let writingVerbs: Set<String> = ["post", "put", "patch", "delete"]
}
