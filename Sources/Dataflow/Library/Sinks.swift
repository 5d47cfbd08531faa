/// The sink catalog: every library call where request data does harm, as rows of
/// `SinkModel`, grouped by kind. A new sink (an ORM's raw query, another HTTP client) is a row
/// here plus a flagged and a quiet example in the rule that reports its kind.
///
/// Framework response sinks (HTML bodies, redirects, headers) live with the framework models
/// (`FrameworkCatalog`), since they depend on how a framework's views answer.
public enum SinkCatalog {
    typealias Row = SinkModel

    public static let rows: [SinkModel] = sql + nosql + command + url + code + regex + xpath + ldap + template + deserialization + path + redirect
        + html + log

    // MARK: OS commands (CWE-78)

    /// How a process API takes its command, as the rows' roles name it.
    public enum CommandRole {
        /// One string a shell parses (`os.system(cmd)`, `subprocess.run(cmd, shell=True)`).
        public static let shell = "shell command"
        /// The argument vector, program first, run without a shell (`subprocess.run([...])`).
        public static let argv = "argument vector"
        /// A separate program path (`os.execv(path, ...)`, `subprocess.run(..., executable=p)`).
        public static let program = "program"
        /// The arguments after a separate program, one by one (`os.execl(path, arg0, arg1)`).
        public static let arguments = "arguments"
        /// The arguments after a separate program, as one list (`os.execv(path, args)`).
        public static let argumentVector = "argument list"
    }

    /// subprocess functions that take `shell=`.
    public static let subprocessFunctions = ["subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                                             "subprocess.run"]
    /// Functions that always run their argument through a shell.
    public static let shellFunctions = [
        "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "popen2.popen2", "popen2.popen3", "popen2.popen4",
        "popen2.Popen3", "popen2.Popen4", "commands.getoutput", "commands.getstatusoutput", "subprocess.getoutput",
        "subprocess.getstatusoutput", "asyncio.create_subprocess_shell", "asyncio.subprocess.create_subprocess_shell", "pty.spawn",
        "platform.popen",
    ]
    /// What returns an asyncio event loop, whose `subprocess_shell` runs a shell.
    public static let eventLoops = ["asyncio.get_running_loop", "asyncio.get_event_loop", "asyncio.new_event_loop",
                                    "asyncio.events.get_running_loop", "asyncio.events.get_event_loop"]
    /// `os.exec*l*`/`os.spawn*l*`: the program, then each argument (spawn takes a mode first).
    public static let execListFunctions = ["os.execl", "os.execle", "os.execlp", "os.execlpe", "os.spawnl", "os.spawnle", "os.spawnlp",
                                           "os.spawnlpe"]
    /// `os.exec*v*`/`os.spawn*v*`/`posix_spawn`: the program, then one argument list.
    public static let execVectorFunctions = ["os.execv", "os.execve", "os.execvp", "os.execvpe", "os.spawnv", "os.spawnve", "os.spawnvp",
                                             "os.spawnvpe", "os.posix_spawn", "os.posix_spawnp"]
    /// Functions that start a process without a shell.
    public static let noShellFunctions = execListFunctions + execVectorFunctions + ["os.startfile", "asyncio.create_subprocess_exec"]

    static let command: [Row] = {
        var rows: [Row] = shellFunctions.map { Row(.command, .function($0), .at(0, "cmd", "command"), role: CommandRole.shell) }
        rows.append(Row(.command, .method("subprocess_shell", on: .made(by: eventLoops)), .at(1, "cmd"), role: CommandRole.shell))
        for name in subprocessFunctions {
            rows.append(Row(.command, .function(name), .at(0, "args"), role: CommandRole.shell, when: .shellKeyword(true)))
            rows.append(Row(.command, .function(name), .at(0, "args"), role: CommandRole.argv, when: .shellKeyword(false)))
            rows.append(Row(.command, .function(name), .keyword("executable"), role: CommandRole.program, when: .shellKeyword(false)))
        }
        for name in execListFunctions {
            let offset = name.hasPrefix("os.spawn") ? 1 : 0
            rows.append(Row(.command, .function(name), .at(offset), role: CommandRole.program))
            rows.append(Row(.command, .function(name), .positional(from: offset + 1), role: CommandRole.arguments))
        }
        for name in execVectorFunctions {
            let offset = name.hasPrefix("os.spawn") ? 1 : 0
            rows.append(Row(.command, .function(name), .at(offset, "path"), role: CommandRole.program))
            rows.append(Row(.command, .function(name), .at(offset + 1, "argv"), role: CommandRole.argumentVector))
        }
        rows.append(Row(.command, .function("asyncio.create_subprocess_exec"), .at(0, "program"), role: CommandRole.program))
        rows.append(Row(.command, .function("asyncio.create_subprocess_exec"), .positional(from: 1), role: CommandRole.arguments))
        rows.append(Row(.command, .function("os.startfile"), .at(0, "path"), role: CommandRole.program))
        return rows
    }()

    // MARK: Logs (CWE-117, and CWE-532 for secrets)

    /// The methods that write a record, on `logging`, loguru's `logger`, structlog, and loggers.
    public static let logMethods: Set<String> = ["debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
                                                 "msg", "trace", "success"]
    /// Callables that make a logger.
    static let loggerFactories = ["logging.getLogger", "logging.Logger", "logging.LoggerAdapter", "structlog.get_logger",
                                  "structlog.getLogger", "structlog.wrap_logger"]
    /// Names a logger is kept under, as an attribute (`self.logger`, `app.logger`) or a bare name
    /// whose origin is not visible (imported from another module, a parameter).
    static let loggerNames: Set<String> = ["logger", "log", "_logger", "_log", "LOGGER", "LOG", "log_"]
    /// Keywords of a log call that are not logged text.
    static let logOptions: Set<String> = ["exc_info", "stack_info", "stacklevel", "extra"]

    /// Every argument of a log record; `print` too, with the role `print` (output, not a log: a
    /// secret printed is still exposed, a newline printed forges nothing).
    /// Loggers a library makes at import, used by their qualified name.
    static let loggerGlobals = ["loguru.logger", "django.utils.log.request_logger"]

    static let log: [SinkModel] = logMethods.sorted().flatMap { method in [
        SinkModel(.log, .function("logging.\(method)"), .every(except: logOptions)),
        SinkModel(.log, .method(method, on: .made(by: loggerFactories, attributes: loggerNames, names: loggerNames)), .every(except: logOptions)),
    ] + loggerGlobals.map { SinkModel(.log, .function("\($0).\(method)"), .every(except: logOptions)) }
    } + [SinkModel(.log, .function("builtins.print"), .every(except: ["sep", "end", "file", "flush"]), role: "print")]

    // MARK: NoSQL (CWE-943)

    /// MongoDB collections (pymongo, motor): the filter document of a query or update, the
    /// pipeline of `aggregate`; MongoEngine's `__raw__` query on any queryset call.
    static let nosql: [SinkModel] = {
        let filters = ["find", "find_one", "find_one_and_update", "find_one_and_delete", "find_one_and_replace", "update_one",
                       "update_many", "delete_one", "delete_many", "replace_one", "count_documents", "find_raw_batches", "watch"]
        return filters.map { SinkModel(.nosql, .method($0, on: .unnamed), .at(0, "filter"), role: "filter") } + [
            SinkModel(.nosql, .method("distinct", on: .unnamed), .at(1, "filter"), role: "filter"),
            SinkModel(.nosql, .method("aggregate", on: .unnamed), .at(0, "pipeline"), role: "pipeline"),
            SinkModel(.nosql, .anyCallable, .keyword("__raw__"), role: "raw query"),
            // Server-side JavaScript: the map and reduce functions of a map-reduce.
            SinkModel(.nosql, .method("map_reduce", on: .unnamed), .at(0, "map"), role: "javascript"),
            SinkModel(.nosql, .method("map_reduce", on: .unnamed), .at(1, "reduce"), role: "javascript"),
            SinkModel(.nosql, .method("inline_map_reduce", on: .unnamed), .at(0, "map"), role: "javascript"),
            SinkModel(.nosql, .method("inline_map_reduce", on: .unnamed), .at(1, "reduce"), role: "javascript"),
        ]
    }()

    // MARK: SQL (CWE-89)

    /// DB-API cursors and connections (`execute`, `executemany`, `executescript`, `mogrify`),
    /// SQLAlchemy (`exec_driver_sql`, `text`), Django (`raw`), asyncpg (`fetch*`), peewee
    /// (`execute_sql`), records/dataset (`query`), pandas. The receiver is not restricted: the
    /// SQL rule also requires the text to read as SQL, which an unrelated `execute` does not.
    static let sql: [Row] = {
        var rows: [Row] = ["execute", "executemany", "executescript", "raw", "mogrify", "exec_driver_sql", "fetch", "fetchrow",
                           "fetchval", "execute_sql", "query"].map { Row(.sql, .method($0, on: .any), .at(0, "sql", "query", "statement")) }
        rows += ["sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlalchemy.sql.expression.TextClause",
                 "sqlalchemy.sql.elements.TextClause", "pandas.read_sql", "pandas.read_sql_query"]
            .map { Row(.sql, .function($0), .at(0, "sql", "query", "statement", "text")) }
        // Flask-SQLAlchemy's `db.text(...)`.
        rows.append(Row(.sql, .method("text", on: .made(by: ["flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"])), .at(0, "text")))
        // asyncpg connections and pools: prepared statements, cursors and COPY take SQL too.
        let asyncpg = SinkModel.Receiver.made(by: ["asyncpg.connect", "asyncpg.create_pool", "asyncpg.connection.connect", "asyncpg.pool.create_pool"])
        for method in ["prepare", "cursor", "copy_from_query"] { rows.append(Row(.sql, .method(method, on: asyncpg), .at(0, "query"))) }
        // SQLAlchemy `Query` clauses given as text (`query.filter("name = '%s'" % n)`,
        // `order_by(...)`, `group_by`, `having`, `distinct`): fragments only, since a bare name in
        // `order_by(name)` is resolved as a label by SQLAlchemy 1.4 and later.
        for method in ["filter", "order_by", "group_by", "having", "distinct"] {
            rows.append(Row(.sql, .method(method, on: .any), .at(0), role: "clause", when: .moduleImports(["sqlalchemy", "flask_sqlalchemy"])))
            // (`request.dbsession.query(Model).distinct(...)` where the module imports no SQLAlchemy.)
            rows.append(Row(.sql, .method(method, on: .queryChain), .at(0), role: "clause"))
        }
        return rows
    }()

    // MARK: Outgoing requests (CWE-918)

    /// Clients whose verb methods take a URL first.
    static let httpClients = [
        "requests.Session", "requests.sessions.Session", "requests.session", "httpx.Client", "httpx.AsyncClient",
        "aiohttp.ClientSession", "urllib3.PoolManager", "urllib3.poolmanager.PoolManager", "urllib3.ProxyManager",
    ]

    static let url: [Row] = {
        var rows: [Row] = []
        for module in ["requests", "requests.api", "httpx"] {
            for verb in ["get", "post", "put", "patch", "delete", "head", "options"] { rows.append(Row(.url, .function("\(module).\(verb)"), .at(0, "url"))) }
        }
        for name in ["urllib.request.urlopen", "urllib.request.Request", "urllib.request.urlretrieve", "six.moves.urllib.request.urlopen"] {
            rows.append(Row(.url, .function(name), .at(0, "url")))
        }
        // `requests.request("GET", url)`: the method first.
        for name in ["requests.request", "requests.api.request", "httpx.request", "httpx.stream"] { rows.append(Row(.url, .function(name), .at(1, "url"))) }
        for name in ["http.client.HTTPConnection", "http.client.HTTPSConnection", "httplib.HTTPConnection", "httplib.HTTPSConnection"] {
            rows.append(Row(.url, .function(name), .at(0, "host"), role: "host"))
        }
        let client = SinkModel.Receiver.made(by: httpClients)
        for verb in ["get", "post", "put", "patch", "delete", "head", "options", "ws_connect"] { rows.append(Row(.url, .method(verb, on: client), .at(0, "url"))) }
        // `session.request("GET", url)`, `pool.urlopen("GET", url)`; `client.stream("GET", url)`.
        rows.append(Row(.url, .method("request", on: client), .at(1, "url")))
        rows.append(Row(.url, .method("urlopen", on: client), .at(1, "url")))
        rows.append(Row(.url, .method("stream", on: client), .at(1, "url"), when: .firstArgumentIsHTTPMethod))
        rows.append(Row(.url, .method("stream", on: client), .at(0, "url"), when: .firstArgumentIsNotHTTPMethod))
        return rows
    }()

    // MARK: Code (CWE-94)

    /// Code compiled, imported or evaluated (`eval` and `exec` have rules of their own, which
    /// also report them without request data).
    static let code: [Row] = [
        Row(.code, .function("builtins.compile"), .at(0, "source")),
        Row(.code, .function("builtins.__import__"), .at(0, "name"), role: "module name"),
        Row(.code, .function("importlib.import_module"), .at(0, "name"), role: "module name"),
        Row(.code, .function("importlib.__import__"), .at(0, "name"), role: "module name"),
        Row(.code, .function("runpy.run_module"), .at(0, "mod_name"), role: "module name"),
        Row(.code, .function("runpy.run_path"), .at(0, "path_name"), role: "file"),
        Row(.code, .function("PIL.ImageMath.eval"), .at(0, "expression")),
        Row(.code, .function("PIL.ImageMath.unsafe_eval"), .at(0, "expression")),
        Row(.code, .function("PIL.ImageMath.lambda_eval"), .at(0, "expression")),
        Row(.code, .function("pandas.eval"), .at(0, "expr")),
        Row(.code, .function("numexpr.evaluate"), .at(0, "ex")),
        Row(.code, .method("runsource", on: .made(by: ["code.InteractiveInterpreter", "code.InteractiveConsole"])), .at(0, "source")),
        Row(.code, .method("runcode", on: .made(by: ["code.InteractiveInterpreter", "code.InteractiveConsole"])), .at(0, "code")),
        Row(.code, .method("push", on: .made(by: ["code.InteractiveConsole"])), .at(0, "line")),
        Row(.code, .function("code.compile_command"), .at(0, "source")),
        // JavaScript interpreters that reach Python (`pyimport`).
        Row(.code, .function("js2py.eval_js"), .at(0, "js")),
        Row(.code, .function("js2py.eval_js6"), .at(0, "js")),
        Row(.code, .method("execute", on: .made(by: ["js2py.EvalJs"])), .at(0, "js")),
        Row(.code, .method("eval", on: .made(by: ["js2py.EvalJs"])), .at(0, "expression")),
    ]

    // MARK: Regular expressions (CWE-1333)

    static let regex: [Row] = ["re", "regex"].flatMap { module in
        ["compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"].map {
            Row(.regex, .function("\(module).\($0)"), .at(0, "pattern"))
        }
    }

    // MARK: XPath (CWE-643)

    static let elementTrees = SinkModel.Receiver.made(by: ["xml.etree.", "lxml.etree.", "defusedxml."], through: ["getroot"])

    static let xpath: [Row] = {
        var rows: [Row] = ["lxml.etree.XPath", "lxml.etree.ETXPath", "lxml.etree.XPathEvaluator"].map { Row(.xpath, .function($0), .at(0, "path")) }
        // lxml's `.xpath` is distinctive; ElementTree's `find*` are sinks only on an ElementTree.
        rows.append(Row(.xpath, .method("xpath", on: .any), .at(0, "_path", "path")))
        // libxml2's bindings: `doc.xpathEval(expr)`, `ctxt.xpathEval(expr)`.
        rows.append(Row(.xpath, .method("xpathEval", on: .any), .at(0, "expr")))
        for method in ["find", "findall", "findtext", "iterfind"] { rows.append(Row(.xpath, .method(method, on: elementTrees), .at(0, "path"))) }
        // elementpath (XPath 1.0 to 3.1 over ElementTree and lxml): `select(root, path)`,
        // `iter_select(root, path)`, `Selector(path)`, and a parser's `parse(path)`.
        for function in ["elementpath.select", "elementpath.iter_select"] { rows.append(Row(.xpath, .function(function), .at(1, "path"))) }
        rows.append(Row(.xpath, .function("elementpath.Selector"), .at(0, "path")))
        let parsers = ["elementpath.XPath1Parser", "elementpath.XPath2Parser", "elementpath.XPath30Parser", "elementpath.XPath31Parser",
                       "elementpath.XPath3Parser"]
        rows.append(Row(.xpath, .method("parse", on: .made(by: parsers)), .at(0, "source")))
        return rows
    }()

    // MARK: LDAP (CWE-90)

    static let pythonLDAPConnections = SinkModel.Receiver.made(by: ["ldap.initialize", "ldap.ldapobject.LDAPObject", "ldap.ldapobject.SimpleLDAPObject",
                                                                     "ldap.ldapobject.ReconnectLDAPObject"])
    static let ldap3Connections = SinkModel.Receiver.made(by: ["ldap3.Connection", "ldap3.core.connection.Connection"])
    /// ldap3's extended operations: `conn.extend.standard.paged_search(base, filter)`.
    static let ldap3Extensions = SinkModel.Receiver.made(by: ["ldap3.Connection", "ldap3.core.connection.Connection"], through: ["extend", "standard"])

    static let ldap: [Row] = {
        var rows: [Row] = []
        for method in ["search", "search_s", "search_st", "search_ext", "search_ext_s"] {
            rows.append(Row(.ldap, .method(method, on: pythonLDAPConnections), .at(0, "base"), role: "base DN"))
            rows.append(Row(.ldap, .method(method, on: pythonLDAPConnections), .at(2, "filterstr"), role: "filter"))
        }
        rows.append(Row(.ldap, .method("search", on: ldap3Connections), .at(0, "search_base"), role: "base DN"))
        rows.append(Row(.ldap, .method("search", on: ldap3Connections), .at(1, "search_filter"), role: "filter"))
        rows.append(Row(.ldap, .method("paged_search", on: ldap3Extensions), .at(0, "search_base"), role: "base DN"))
        rows.append(Row(.ldap, .method("paged_search", on: ldap3Extensions), .at(1, "search_filter"), role: "filter"))
        return rows
    }()

    // MARK: Template source (CWE-1336)

    /// Jinja2 environments, also Flask's and Quart's (`app.jinja_env`).
    static let templateEnvironments = SinkModel.Receiver.made(by: ["jinja2.Environment", "jinja2.environment.Environment", "jinja2.sandbox.SandboxedEnvironment"],
                                                              attributes: ["jinja_env"])

    static let template: [Row] = {
        var rows: [Row] = ["flask.render_template_string", "flask.templating.render_template_string", "quart.render_template_string",
                           "quart.templating.render_template_string", "jinja2.Template", "jinja2.environment.Template",
                           "django.template.Template", "django.template.base.Template", "bottle.SimpleTemplate", "bottle.template",
                           "bottle.jinja2_template", "bottle.mako_template", "bottle.cheetah_template", "tornado.template.Template"]
            .map { Row(.template, .function($0), .at(0, "source", "template_string")) }
        rows.append(Row(.template, .function("mako.template.Template"), .at(0, "text")))
        rows.append(Row(.template, .method("from_string", on: templateEnvironments), .at(0, "source")))
        // Django's template engines by alias: `engines["django"].from_string(src)`.
        rows.append(Row(.template, .method("from_string", on: .made(by: ["django.template.engines", "django.template.loader.engines"])), .at(0, "template_code")))
        // Chameleon (TAL expressions are Python), Cheetah (`$`-expressions, `#python`), Genshi.
        for name in ["chameleon.PageTemplate", "chameleon.zpt.template.PageTemplate", "chameleon.PageTextTemplate",
                     "chameleon.zpt.template.PageTextTemplate", "genshi.template.MarkupTemplate", "genshi.template.TextTemplate",
                     "genshi.template.NewTextTemplate"] {
            rows.append(Row(.template, .function(name), .at(0, "body", "source")))
        }
        for name in ["Cheetah.Template.Template", "Cheetah.Template"] { rows.append(Row(.template, .function(name), .at(0, "source"))) }
        rows.append(Row(.template, .function("trender.TRender"), .at(0, "template")))
        return rows
    }()

    // MARK: Deserialization (CWE-502)

    /// Pickle-based loaders: the data runs code while it is loaded.
    static let deserialization: [Row] = [
        "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads", "cPickle.load", "cPickle.loads",
        "cPickle.Unpickler", "dill.load", "dill.loads", "dill.Unpickler", "shelve.open", "shelve.DbfilenameShelf",
        "jsonpickle.decode", "jsonpickle.unpickler.decode", "jsonpickle.Unpickler", "jsonpickle.unpickler.Unpickler", "pandas.read_pickle", "joblib.load",
    ].map { Row(.deserialization, .function($0), .at(0, "file", "data", "filename", "string", "filepath_or_buffer")) }

    // MARK: File paths (CWE-22)

    /// Functions that open, serve, change or list the file their first argument names.
    static let path: [Row] = {
        var rows: [Row] = []
        func add(_ names: [String], _ keywords: String...) {
            for name in names { rows.append(Row(.path, .function(name), SinkModel.Argument(position: 0, keywords: keywords, rest: false))) }
        }
        add(["builtins.open", "io.open", "os.open", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.listdir", "os.scandir",
             "os.makedirs", "os.mkdir", "os.chmod", "os.chown", "os.truncate", "os.rename", "os.replace", "shutil.rmtree", "shutil.copy",
             "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move", "shutil.copymode", "shutil.copystat", "linecache.getlines",
             "starlette.responses.FileResponse", "fastapi.responses.FileResponse", "pyramid.response.FileResponse",
             "aiohttp.web.FileResponse", "aiohttp.web_fileresponse.FileResponse"], "file", "path", "src")
        add(["codecs.open"], "filename")
        add(["flask.send_file", "flask.helpers.send_file", "werkzeug.utils.send_file"], "path_or_file")
        add(["quart.send_file", "quart.helpers.send_file"], "filename_or_io")
        add(["sanic.response.file", "sanic.file", "sanic.response.convenience.file", "sanic.response.file_stream",
             "sanic.response.convenience.file_stream"], "location")
        // A glob pattern lists (and, through the caller, opens) what it matches: `../*` and an
        // absolute pattern reach any folder. `root_dir` is the folder it is matched in.
        add(["glob.glob", "glob.iglob"], "pathname")
        for name in ["glob.glob", "glob.iglob"] { rows.append(Row(.path, .function(name), .keyword("root_dir"), role: "directory")) }
        // The destination of a copy or a move is a path too.
        for name in ["shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move", "shutil.copymode", "shutil.copystat",
                     "os.rename", "os.replace"] {
            rows.append(Row(.path, .function(name), .at(1, "dst"), role: "destination"))
        }
        // `send_from_directory(directory, path)` joins `path` safely; the directory is the sink.
        for name in ["flask.send_from_directory", "flask.helpers.send_from_directory", "werkzeug.utils.send_from_directory",
                     "quart.send_from_directory", "quart.helpers.send_from_directory"] {
            rows.append(Row(.path, .function(name), .at(0, "directory"), role: "directory"))
        }
        for method in ["read_text", "read_bytes", "write_text", "write_bytes", "open", "unlink", "rmdir", "touch", "mkdir", "rename",
                       "replace", "iterdir", "glob", "rglob", "chmod", "symlink_to", "hardlink_to"] {
            rows.append(Row(.path, .method(method, on: .pathObject), .receiver))
        }
        return rows
    }()

    // MARK: Redirects (CWE-601)

    /// Framework redirects, by the keyword of their target URL. (Handler methods such as
    /// Tornado's `self.redirect` and `Location` headers are the framework models'.)
    static let redirect: [Row] = {
        var targets: [String: String] = [
            "flask.redirect": "location", "flask.helpers.redirect": "location", "quart.redirect": "location",
            "quart.helpers.redirect": "location", "werkzeug.utils.redirect": "location", "werkzeug.redirect": "location",
            "django.shortcuts.redirect": "to", "django.http.HttpResponseRedirect": "redirect_to",
            "django.http.response.HttpResponseRedirect": "redirect_to", "django.http.HttpResponsePermanentRedirect": "redirect_to",
            "django.http.response.HttpResponsePermanentRedirect": "redirect_to", "starlette.responses.RedirectResponse": "url",
            "fastapi.responses.RedirectResponse": "url", "bottle.redirect": "url",
            "sanic.response.redirect": "to", "sanic.redirect": "to", "sanic.response.convenience.redirect": "to",
        ]
        // Exceptions raised or returned: Falcon's, Pyramid's and WebOb's, aiohttp's (300 and 305
        // are left out: browsers do not follow them).
        for name in ["HTTPFound", "HTTPSeeOther", "HTTPMovedPermanently", "HTTPTemporaryRedirect", "HTTPPermanentRedirect"] {
            for module in ["falcon", "falcon.redirects", "pyramid.httpexceptions", "aiohttp.web", "aiohttp.web_exceptions"] { targets["\(module).\(name)"] = "location" }
        }
        for name in ["HTTPFound", "HTTPSeeOther"] { targets["webob.exc.\(name)"] = "location" }
        return targets.keys.sorted().map { Row(.redirect, .function($0), .at(0, targets[$0]!)) }
    }()

    // MARK: HTML response bodies (CWE-79)

    /// Response constructors whose body is HTML by default, by the keyword of the body.
    /// (Bodies of handler methods, response attributes and returned strings are the framework
    /// models'; aiohttp and Sanic's text responses are HTML only when declared so, in the rule.)
    static let html: [Row] = {
        var bodies: [String: [String]] = [
            "flask.make_response": [], "flask.helpers.make_response": [], "quart.make_response": [],
            "flask.Response": ["response"], "flask.wrappers.Response": ["response"], "werkzeug.wrappers.Response": ["response"],
            "quart.Response": ["response"],
            "starlette.responses.HTMLResponse": ["content"], "fastapi.responses.HTMLResponse": ["content"],
            "markupsafe.Markup": ["base"], "flask.Markup": ["base"], "jinja2.Markup": ["base"],
            "bottle.HTTPResponse": ["body"],
            // WebOb responses take the body as `body` (bytes) or `text`.
            "pyramid.response.Response": ["body", "text"], "pyramid.request.Response": ["body", "text"], "webob.Response": ["body", "text"],
            "webob.response.Response": ["body", "text"],
            "sanic.response.html": ["body"], "sanic.html": ["body"], "sanic.response.convenience.html": ["body"],
        ]
        // Django's responses, the error pages too, are `text/html` unless told otherwise.
        for name in ["HttpResponse", "HttpResponseBadRequest", "HttpResponseNotFound", "HttpResponseForbidden", "HttpResponseGone",
                     "HttpResponseServerError"] {
            bodies["django.http.\(name)"] = ["content"]
            bodies["django.http.response.\(name)"] = ["content"]
        }
        var rows = bodies.keys.sorted().map { name -> Row in
            let keywords = bodies[name]!
            return Row(.html, .function(name), SinkModel.Argument(position: 0, keywords: keywords, rest: false))
        }
        // Starlette's plain `Response` is HTML only with an HTML media type.
        for name in ["starlette.responses.Response", "fastapi.responses.Response", "fastapi.Response"] {
            rows.append(Row(.html, .function(name), .at(0, "content"), when: .argumentContains(position: 3, keyword: "media_type", text: "html")))
        }
        return rows
    }()
}
