/// Summaries of library calls that move data: which calls and methods return a value that
/// still carries their arguments' (or receiver's) data. A call that is neither here nor a
/// project function stops the flow, so a conversion such as `int(x)` or an escaping function
/// is a barrier for every sink kind; sink-specific sanitizers are listed with their rules.
public enum Summaries {
    /// Methods whose result carries the receiver's data (string methods, mapping reads).
    public static let carryingMethods: Set<String> = [
        "get", "getlist", "getall", "getone", "pop", "copy", "items", "values", "keys", "to_dict", "dict", "read",
        "readline", "readlines", "urlencode", "popitem", "lists", "getvalue",
        "strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize", "casefold", "swapcase", "replace",
        "removeprefix", "removesuffix", "split", "rsplit", "splitlines", "partition", "rpartition", "encode", "decode",
        "zfill", "ljust", "rjust", "center", "expandtabs", "format_map",
    ]
    /// Methods that keep a parsed JSON document a JSON document.
    public static let structuredMethods: Set<String> = ["get", "pop", "copy", "getlist", "to_dict", "dict"]
    /// Functions whose result carries their arguments' data.
    public static let carryingFunctions: Set<String> = Set<String>([
        "builtins.str", "builtins.bytes", "builtins.list", "builtins.tuple", "builtins.dict", "builtins.sorted", "builtins.reversed",
        "builtins.set", "builtins.frozenset", "builtins.iter", "builtins.next",
        "builtins.format", "os.path.join", "os.path.normpath", "os.path.abspath", "os.path.realpath", "os.path.expanduser",
        "posixpath.join", "ntpath.join", "os.fspath", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath",
        "urllib.parse.urljoin", "urllib.parse.urlparse", "urllib.parse.urlsplit", "urllib.parse.parse_qs", "urllib.parse.parse_qsl", "builtins.bytearray",
    ]).union(decoders)
    /// Decoders: the text or bytes they return are still the client's.
    public static let decoders: Set<String> = [
        "urllib.parse.unquote", "urllib.parse.unquote_plus", "base64.b64decode", "base64.urlsafe_b64decode",
        "urllib.parse.unquote_to_bytes", "base64.b32decode", "base64.b16decode", "base64.b85decode", "base64.a85decode",
        "base64.decodebytes", "binascii.unhexlify", "binascii.a2b_hex", "binascii.a2b_base64", "builtins.bytes.fromhex",
        "builtins.bytearray.fromhex", "codecs.decode", "zlib.decompress", "gzip.decompress", "bz2.decompress", "lzma.decompress",
    ]
    /// Encoders whose output cannot carry an attack to a sink (base64 text has no quote, no `<`,
    /// no `..`), so they stop the flow, except inside one of the decoders above, which gives
    /// the client's data back: `b64decode(b64encode(param))` is `param`.
    public static let encoders: Set<String> = [
        "base64.b64encode", "base64.urlsafe_b64encode", "base64.b32encode", "base64.b16encode", "base64.b85encode",
        "base64.a85encode", "base64.encodebytes", "binascii.hexlify", "binascii.b2a_hex", "binascii.b2a_base64",
        "codecs.encode", "zlib.compress", "gzip.compress", "bz2.compress", "lzma.compress",
    ]
    /// Functions that parse text into a JSON document.
    public static let parsingFunctions: Set<String> = ["json.loads", "flask.json.loads", "ujson.loads", "orjson.loads", "simplejson.loads"]
    /// Libraries whose functions return objects, records or remote data rather than the text
    /// they were given (web frameworks, ORMs and database drivers, HTTP clients, template
    /// engines, the OS, crypto, serialisers): a call of theirs that is not modelled above does not
    /// pass its arguments on. Calls of any other library with no model are assumed to pass
    /// them on, at low confidence (`Taint.Walker`): a flow is never dropped silently.
    /// (Every framework of the catalog is in it through `FrameworkCatalog.packages`.)
    public static let opaqueLibraries: Set<String> = Set(FrameworkCatalog.packages).union([
        "werkzeug", "jinja2", "markupsafe", "mako", "sqlalchemy", "pydantic", "wtforms", "flask_wtf", "flask_login",
        "flask_sqlalchemy", "flask_restful", "flask_cors", "flask_limiter", "celery", "rq", "requests", "httpx", "urllib3",
        "boto3", "botocore", "logging", "structlog", "hashlib", "hmac", "secrets", "random", "uuid", "datetime", "time", "calendar",
        "os", "shutil", "subprocess", "sys", "socket", "ssl", "select", "signal", "threading", "asyncio", "concurrent",
        "multiprocessing", "sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb", "asyncpg", "aiosqlite", "pymongo", "motor",
        "redis", "peewee", "ldap", "ldap3", "lxml", "xml", "defusedxml", "yaml", "pickle", "marshal", "shelve", "dill",
        "jsonpickle", "PIL", "numpy", "pandas", "tempfile", "glob", "fnmatch", "pathlib", "functools", "itertools", "operator",
        "typing", "dataclasses", "enum", "abc", "contextlib", "inspect", "importlib", "runpy", "code", "traceback", "warnings",
        "gettext", "locale", "jwt", "cryptography", "Crypto", "Cryptodome", "nacl", "passlib", "bcrypt", "argon2", "itsdangerous",
        "email", "smtplib", "imaplib", "poplib", "ftplib", "telnetlib", "paramiko", "zipfile", "tarfile", "gzip",
        "bz2", "lzma", "zlib", "csv", "sqlparse", "aiohttp_jinja2",
        "pytest", "unittest", "mock", "weakref", "gc", "ctypes", "cffi", "mimetypes", "magic", "filetype", "sentry_sdk",
        "prometheus_client", "opentelemetry", "click", "typer", "argparse", "getpass", "pwd", "grp", "platform", "resource",
    ])
    /// Modules of an otherwise modelled package whose functions return remote data or objects.
    public static let opaqueModules: [String] = ["urllib.request", "urllib.error", "urllib.robotparser"]
}
