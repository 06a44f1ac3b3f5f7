package io.atrion.web.teavm;

import java.util.Map;
import java.util.TreeMap;
import org.teavm.model.CallLocation;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;
import org.teavm.model.emit.ValueEmitter;

/**
 * A TeaVM class transformer for the JavaScript build only (the {@code js} execution of the
 * teavm-maven-plugin names it in {@code <transformers>}): it replaces the bodies of the three
 * private bit-access helpers of {@code io.atrion.internal.physics.FdlibmMath} —
 * {@code highWord(double)}, {@code fromHighWord(int)} and {@code addToExponent(double, int)} —
 * with calls to {@link JsBits}, which does the same on 32-bit words through a {@code DataView}.
 *
 * <p>Why: TeaVM's JavaScript output represents Java's {@code long} as a {@code BigInt}, and
 * those helpers go through {@code Double.doubleToRawLongBits}, so each {@code tanh} allocated
 * several BigInts; they were more than half of an update's time in the JavaScript build. The
 * fdlibm algorithm itself is not touched: every branch, constant and floating-point operation is
 * still {@code FdlibmMath}'s, the one copy of the math. Only how a double's high word is read and
 * written changes, and the replacement computes the same integers ({@code JsBitsTest} on the
 * JVM, the parity traces and {@code NodeModuleTest}'s math comparison in the JavaScript build).
 *
 * <p>The build fails if one of the three methods is missing, so a change to {@code FdlibmMath}
 * cannot silently bring the BigInts back. Build-time only: not packaged in the jar.
 */
public final class FdlibmBitsTransformer implements ClassHolderTransformer {

    static final String FDLIBM = "io.atrion.internal.physics.FdlibmMath";

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(FDLIBM)) {
            return;
        }
        Map<String, ValueType[]> wanted = new TreeMap<>();
        wanted.put("highWord", new ValueType[] {ValueType.DOUBLE, ValueType.INTEGER});
        wanted.put("fromHighWord", new ValueType[] {ValueType.INTEGER, ValueType.DOUBLE});
        wanted.put("addToExponent", new ValueType[] {ValueType.DOUBLE, ValueType.INTEGER, ValueType.DOUBLE});
        for (MethodHolder method : cls.getMethods()) {
            ValueType[] signature = wanted.get(method.getName());
            if (signature == null || !method.getDescriptor().equals(
                    new MethodReference(FDLIBM, method.getName(), signature).getDescriptor())) {
                continue;
            }
            wanted.remove(method.getName());
            ProgramEmitter pe = ProgramEmitter.create(method, context.getHierarchy());
            ValueType[] params = method.getParameterTypes();
            ValueEmitter[] args = new ValueEmitter[params.length];
            for (int i = 0; i < params.length; i++) {
                args[i] = pe.var(i + 1, params[i]);
            }
            pe.invoke(new MethodReference(JsBits.class.getName(), method.getName(), signature), args).returnValue();
        }
        if (!wanted.isEmpty()) {
            context.getDiagnostics().error(new CallLocation(new MethodReference(FDLIBM, "<clinit>", ValueType.VOID)),
                    "FdlibmBitsTransformer: " + FDLIBM + " no longer has " + wanted.keySet()
                    + " with the expected signatures; update io.atrion.web.teavm.FdlibmBitsTransformer and JsBits");
        }
    }
}
