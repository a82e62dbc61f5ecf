package io.pluginconsole.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import ognl.ObjectPropertyAccessor;
import ognl.OgnlException;
import ognl.OgnlRuntime;

/**
 * Reads the components of the page view records ({@code ${row.name}}) through accessors looked up
 * once per record class. OGNL, the template language's expression engine, only caches JavaBean
 * getters: for a record component it scans every public method of the class, lower-casing names,
 * on every evaluation, which made that scan most of the Plugin Management page's CPU time.
 * Records of the JDK itself are left to OGNL's own rules.
 */
final class RecordPropertyAccessor extends ObjectPropertyAccessor {
    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> out = new HashMap<>();
            String name = type.getName();
            boolean jdk = name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                    || name.startsWith("sun.") || name.startsWith("com.sun.");
            if (type.isRecord() && !jdk) {
                for (RecordComponent component : type.getRecordComponents()) {
                    Method accessor = component.getAccessor();
                    if (accessor.trySetAccessible()) {
                        out.put(component.getName(), accessor);
                    }
                }
            }
            return Map.copyOf(out);
        }
    };

    private static volatile boolean installed;

    /** Registers the accessor for every record class; call before the first page is rendered. */
    static synchronized void install() {
        if (!installed) {
            OgnlRuntime.setPropertyAccessor(Record.class, new RecordPropertyAccessor());
            installed = true;
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getProperty(Map context, Object target, Object name) throws OgnlException {
        if (target != null && name instanceof String property) {
            Method accessor = ACCESSORS.get(target.getClass()).get(property);
            if (accessor != null) {
                try {
                    return accessor.invoke(target);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new OgnlException("Cannot read " + property + " of " + target.getClass().getName(), e);
                }
            }
        }
        return super.getProperty(context, target, name);
    }
}
