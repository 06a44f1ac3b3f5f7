/**
 * Atrion's core: the physics, the two engines and the public API. Needs nothing but
 * {@code java.base}.
 *
 * <p>Exported to everyone: the API users touch ({@code io.atrion}: {@code Atrion} and its
 * builder, configs, decisions, clocks; {@code io.atrion.guard}; {@code io.atrion.observe};
 * {@code io.atrion.lease}; {@code io.atrion.state}, the state-provider SPI).
 *
 * <p>Not exported: {@code io.atrion.internal.*}. Three of those packages are exported only to the
 * modules of this project that are built on them:
 * <ul>
 *   <li>{@code io.atrion.web} runs the same formulas in the browser: its {@code FlatEngine} calls
 *       {@code Physics}, {@code AutoTuner}, {@code Admission} and {@code EngineParams} so that the
 *       browser's numbers are the JVM's, bit for bit, and TeaVM compiles {@code FdlibmMath};</li>
 *   <li>{@code io.atrion.bench} measures the FAST engine's own footprint arithmetic
 *       ({@code FastEngine.footprintBytes}) next to the heap it really uses. The benchmarks run
 *       from a shaded jar on the class path, where JOL's walk of the object graph needs no
 *       {@code opens}.</li>
 * </ul>
 * Compiling this descriptor alone, javac does not know those two modules (they are built after
 * this one, on it), so atrion-core's build turns off the {@code module} lint ("module not
 * found") for its main sources only; see atrion-core's pom.xml. {@code ModuleBoundaryTest} checks
 * the boundary with javac on the module path.
 */
module io.atrion.core {
    exports io.atrion;
    exports io.atrion.guard;
    exports io.atrion.lease;
    exports io.atrion.observe;
    exports io.atrion.state;

    exports io.atrion.internal.engine to io.atrion.web, io.atrion.bench;
    exports io.atrion.internal.physics to io.atrion.web;
    exports io.atrion.internal.tuning to io.atrion.web;
}
