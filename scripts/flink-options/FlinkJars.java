// A class loader over the jars of a Flink distribution, for the extractors of
// scripts/gen-flink-options. Written here; Flink's jars are only loaded, never copied.

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

final class FlinkJars {
    private FlinkJars() {}

    /** The jars under each of `dirs` of the distribution at `home` (subdirectories too, in
     * name order). */
    static List<File> jars(String home, String... dirs) {
        List<File> jars = new ArrayList<>();
        for (String dir : dirs) {
            collect(new File(home, dir), jars);
        }
        return jars;
    }

    /** A class loader over `jars`, on the platform class loader. */
    static URLClassLoader loader(List<File> jars) throws Exception {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            urls[i] = jars.get(i).toURI().toURL();
        }
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    private static void collect(File dir, List<File> jars) {
        File[] files = dir.listFiles();
        if (files == null) {
            return;
        }
        java.util.Arrays.sort(files);
        for (File f : files) {
            if (f.isDirectory()) {
                collect(f, jars);
            } else if (f.getName().endsWith(".jar")) {
                jars.add(f);
            }
        }
    }
}
