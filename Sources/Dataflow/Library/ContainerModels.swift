/// The containers the flow analysis follows element by element, and what each method does to
/// them: data, not code, so a new container type is rows here (its constructors and methods)
/// and examples in `Tests/DataflowTests`.
public enum ContainerKind: Sendable, Hashable {
    /// `list`, `collections.deque`: ordered slots.
    case list
    /// A tuple literal: ordered and immutable.
    case tuple
    /// `dict`, `collections.OrderedDict`: slots by constant key.
    case dict
    /// `configparser.ConfigParser`: slots by (section, option); option names are lower-cased
    /// as the default `optionxform` does.
    case configParser
}

/// What a method call does to a tracked container.
public enum ContainerEffect: Sendable, Hashable {
    /// `append(x)`: a new last slot.
    case append
    /// `appendleft(x)` (deque): a new first slot.
    case appendLeft
    /// `insert(i, x)`.
    case insert
    /// `extend([a, b])`, `extendleft(...)`: a literal adds its elements; anything else makes
    /// the contents unknown.
    case extend, extendLeft
    /// `pop()` / `pop(i)` (lists), `pop(key[, default])` (dicts): reads and removes a slot.
    case pop
    /// `popleft()` (deque).
    case popLeft
    /// `clear()`.
    case clear
    /// `reverse()`.
    case reverse
    /// `get(key[, default])` (dicts), `get(section, option)` (config parsers): reads a slot.
    case get
    /// `setdefault(key, value)`.
    case setDefault
    /// `update({...})` / `update(k=v)`.
    case update
    /// `set(section, option, value)` (config parsers).
    case set
    /// `values()`, `items()`, `copy()`: every stored value.
    case readAll
    /// `keys()`: only the (constant) keys.
    case readKeys
    /// Methods that neither store nor return stored values (`add_section`, `count`, `index`,
    /// `has_option`, and typed getters such as `getint` whose result is a number).
    case none
}

public enum ContainerModels {
    /// Calls that build an empty (or literal-initialised) container.
    public static let constructors: [String: ContainerKind] = [
        "builtins.list": .list, "builtins.dict": .dict, "collections.deque": .list,
        "collections.OrderedDict": .dict,
        "configparser.ConfigParser": .configParser, "configparser.RawConfigParser": .configParser,
        "configparser.SafeConfigParser": .configParser,
    ]

    /// Method effects per container kind. A method missing here makes the container unknown
    /// from that point on (it may store anything).
    public static let methods: [ContainerKind: [String: ContainerEffect]] = [
        .list: [
            "append": .append, "appendleft": .appendLeft, "insert": .insert, "extend": .extend, "extendleft": .extendLeft,
            "pop": .pop, "popleft": .popLeft, "clear": .clear, "reverse": .reverse, "copy": .readAll,
            "count": .none, "index": .none,
        ],
        .tuple: ["count": .none, "index": .none],
        .dict: [
            "get": .get, "pop": .pop, "setdefault": .setDefault, "update": .update, "clear": .clear,
            "values": .readAll, "items": .readAll, "copy": .readAll, "keys": .readKeys,
        ],
        .configParser: [
            "get": .get, "set": .set, "add_section": .none, "has_section": .none, "has_option": .none,
            "sections": .none, "options": .readKeys, "getint": .none, "getfloat": .none, "getboolean": .none,
        ],
    ]

    /// Callees that read a container passed to them without changing it, so the container
    /// stays tracked after the call (`len(items)`, `"-".join(items)`).
    public static let readOnlyCallees: Set<String> = [
        "builtins.len", "builtins.str", "builtins.repr", "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset",
        "builtins.sorted", "builtins.reversed", "builtins.any", "builtins.all", "builtins.min", "builtins.max", "builtins.sum",
        "builtins.enumerate", "builtins.iter", "builtins.isinstance", "builtins.print", "builtins.bool", "builtins.zip",
        "json.dumps", "copy.copy", "copy.deepcopy",
    ]

    /// Methods of other objects that read a container argument without changing it (`"sep".join(items)`).
    public static let readOnlyMethods: Set<String> = ["join", "format"]
}
