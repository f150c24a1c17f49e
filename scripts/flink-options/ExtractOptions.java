// Lists every configuration option that one Flink distribution declares, as facts: key, type,
// default, fallback and deprecated keys. Run by scripts/gen-flink-options, once per Flink
// version, with that version's jars on a class loader of its own (nothing of Flink is copied).
//
// Usage: java ExtractOptions FLINK_HOME > options.tsv
// Output, one line per option key, tab-separated:
//   key  type  default  fallbacks  deprecated
// type:      string int long float double boolean duration memory map enum:<class>:A|B list:<type>
//            class:<name> (an enum's values as Flink matches them: each constant's toString())
// default:   a JSON string in the form Flink parses back (memory "128m", duration "10s",
//            lists "a;b", maps "k:v,k2:v2"), or null when the option has none
// fallbacks: comma-separated keys, a deprecated one prefixed with "~"; "-" when none
// deprecated: "deprecated" when the declaring field is @Deprecated, else "-"
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public final class ExtractOptions {
    private static final class Facts {
        String type;
        String dflt;
        String fallbacks;
        boolean deprecated;
    }

    public static void main(String[] args) throws Exception {
        List<File> jars = FlinkJars.jars(args[0], "lib", "opt", "plugins");
        URLClassLoader loader = FlinkJars.loader(jars);
        Class<?> optionClass = loader.loadClass("org.apache.flink.configuration.ConfigOption");
        Map<String, Facts> options = new TreeMap<>();
        List<String> classNames = new ArrayList<>();
        for (File jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith("org/apache/flink/") && name.endsWith(".class")
                            && !name.contains("/shaded/") && !name.startsWith("META-INF")) {
                        classNames.add(name.substring(0, name.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        for (String className : classNames) {
            Class<?> c;
            Field[] fields;
            try {
                c = Class.forName(className, false, loader);
                fields = c.getDeclaredFields();
            } catch (Throwable e) {
                continue;
            }
            for (Field field : fields) {
                if (!Modifier.isStatic(field.getModifiers()) || field.getType() != optionClass) {
                    continue;
                }
                Object option;
                try {
                    field.setAccessible(true);
                    option = field.get(null);
                } catch (Throwable e) {
                    continue;
                }
                if (option == null) {
                    continue;
                }
                try {
                    Facts facts = describe(option, optionClass);
                    facts.deprecated = field.isAnnotationPresent(Deprecated.class);
                    String key = (String) optionClass.getMethod("key").invoke(option);
                    Facts seen = options.get(key);
                    // The same key declared twice (a deprecated copy beside the current one):
                    // the current declaration wins.
                    if (seen == null || (seen.deprecated && !facts.deprecated)) {
                        options.put(key, facts);
                    }
                } catch (Throwable e) {
                    System.err.println("skipped " + className + "." + field.getName() + ": " + e);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Facts> entry : options.entrySet()) {
            Facts f = entry.getValue();
            out.append(entry.getKey()).append('\t').append(f.type).append('\t').append(f.dflt)
                    .append('\t').append(f.fallbacks).append('\t')
                    .append(f.deprecated ? "deprecated" : "-").append('\n');
        }
        System.out.print(out);
        System.out.flush();
        System.exit(0);
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = findMethod(target.getClass(), method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    private static Method findMethod(Class<?> c, String name) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Facts describe(Object option, Class<?> optionClass) throws Exception {
        Facts facts = new Facts();
        Class<?> clazz;
        try {
            clazz = (Class<?>) call(option, "getClazz");
        } catch (NoSuchMethodException e) {
            clazz = null;
        }
        boolean list = false;
        try {
            list = (Boolean) call(option, "isList");
        } catch (NoSuchMethodException e) {
            // Flink before typed options: no lists.
        }
        Object dflt = (Boolean) call(option, "hasDefaultValue") ? call(option, "defaultValue") : null;
        if (clazz == null) {
            clazz = dflt == null ? String.class : dflt.getClass();
        }
        String type = typeName(clazz);
        facts.type = list ? "list:" + type : type;
        facts.dflt = dflt == null ? "null" : json(format(dflt));
        StringBuilder fallbacks = new StringBuilder();
        Object keys = call(option, "fallbackKeys");
        for (Object fallback : (Iterable<?>) keys) {
            if (fallbacks.length() > 0) {
                fallbacks.append(',');
            }
            if ((Boolean) call(fallback, "isDeprecated")) {
                fallbacks.append('~');
            }
            fallbacks.append((String) call(fallback, "getKey"));
        }
        facts.fallbacks = fallbacks.length() == 0 ? "-" : fallbacks.toString();
        return facts;
    }

    private static String typeName(Class<?> c) {
        if (c == String.class) return "string";
        if (c == Integer.class) return "int";
        if (c == Long.class) return "long";
        if (c == Float.class) return "float";
        if (c == Double.class) return "double";
        if (c == Boolean.class) return "boolean";
        if (c == Duration.class) return "duration";
        if (c.getName().equals("org.apache.flink.configuration.MemorySize")) return "memory";
        if (Map.class.isAssignableFrom(c)) return "map";
        if (c.isEnum()) {
            // Flink matches a value against each constant's toString(), ignoring case, and
            // names the class in its message: both are facts of the option.
            StringBuilder values = new StringBuilder("enum:").append(c.getName()).append(':');
            Object[] constants = c.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                if (i > 0) values.append('|');
                values.append(constants[i].toString());
            }
            return values.toString();
        }
        return "class:" + c.getName();
    }

    private static final String[][] MEMORY_UNITS = {{"t", "1099511627776"}, {"g", "1073741824"}, {"m", "1048576"}, {"k", "1024"}};

    private static String format(Object value) throws Exception {
        if (value instanceof Duration) {
            Duration d = (Duration) value;
            long ms = d.toMillis();
            if (d.getNano() % 1_000_000 != 0) return d.toNanos() + "ns";
            if (ms != 0 && ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
            if (ms != 0 && ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
            if (ms != 0 && ms % 60_000L == 0) return ms / 60_000L + "min";
            if (ms != 0 && ms % 1_000L == 0) return ms / 1_000L + "s";
            return ms + "ms";
        }
        if (value.getClass().getName().equals("org.apache.flink.configuration.MemorySize")) {
            long bytes = (Long) call(value, "getBytes");
            for (String[] unit : MEMORY_UNITS) {
                long size = Long.parseLong(unit[1]);
                if (bytes != 0 && bytes % size == 0) return bytes / size + unit[0];
            }
            return bytes + "b";
        }
        if (value instanceof List) {
            StringBuilder s = new StringBuilder();
            for (Object item : (List<?>) value) {
                if (s.length() > 0) s.append(';');
                s.append(format(item));
            }
            return s.toString();
        }
        if (value instanceof Map) {
            StringBuilder s = new StringBuilder();
            for (Map.Entry<?, ?> e : new TreeMap<>((Map<?, ?>) value).entrySet()) {
                if (s.length() > 0) s.append(',');
                s.append(e.getKey()).append(':').append(e.getValue());
            }
            return s.toString();
        }
        if (value instanceof Enum) return value.toString();
        if (value instanceof Class) return ((Class<?>) value).getName();
        return String.valueOf(value);
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
