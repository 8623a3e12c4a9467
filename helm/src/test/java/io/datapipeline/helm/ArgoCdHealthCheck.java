package io.datapipeline.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs an Argo CD health script the way Argo CD does: the resource as the global {@code obj} (JSON
 * numbers become Lua numbers, arrays 1-based tables), only the base, table, string and math
 * libraries (no io, no os), and the returned table's {@code status} and {@code message}.
 */
final class ArgoCdHealthCheck {

  record Health(String status, String message) {}

  private final String script;

  ArgoCdHealthCheck(String script) {
    this.script = script;
  }

  Health evaluate(JsonNode resource) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(resource));

    LuaValue result = globals.load(script, "health.lua").call();
    if (!result.istable()) {
      throw new IllegalStateException("The health script returned " + result.typename());
    }
    LuaValue message = result.get("message");
    return new Health(
        result.get("status").tojstring(), message.isnil() ? null : message.tojstring());
  }

  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isNumber()) {
      // Argo CD hands Lua float64 numbers, whatever the JSON said.
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}
