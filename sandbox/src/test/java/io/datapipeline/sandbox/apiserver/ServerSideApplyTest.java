package io.datapipeline.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServerSideApply apply = new ServerSideApply();

  @Test
  void aManagersStatusApplyLeavesWhatItAppliedToTheObjectItself() throws Exception {
    ObjectNode live =
        json(
            "{'apiVersion':'v1','kind':'K','metadata':{'name':'a','labels':{'team':'x'}},"
                + "'spec':{'n':1}}");
    live =
        apply.apply(
            "k",
            live,
            json("{'apiVersion':'v1','kind':'K','metadata':{'name':'a','finalizers':['f']}}"),
            "op",
            false);
    live = apply.apply("k", live, json("{'status':{'a':1,'outputs':{'b':'x'}}}"), "op", true);
    live = apply.apply("k", live, json("{'status':{'a':2}}"), "op", true);

    assertThat(live.path("metadata").path("finalizers").get(0).asText()).isEqualTo("f");
    assertThat(live.path("metadata").path("labels").path("team").asText()).isEqualTo("x");
    assertThat(live.path("spec").path("n").asInt()).isEqualTo(1);
    assertThat(live.path("status").path("a").asInt()).isEqualTo(2);
    assertThat(live.path("status").has("outputs")).as("emptied map removed").isFalse();
  }

  @Test
  void finalizersAreASetAndAFieldAnotherManagerAppliedStays() throws Exception {
    ObjectNode live = json("{'metadata':{'name':'a','finalizers':['other']},'spec':{}}");
    live =
        apply.apply(
            "k", live, json("{'metadata':{'finalizers':['mine']},'spec':{'x':1}}"), "a", false);
    live = apply.apply("k", live, json("{'spec':{'x':1}}"), "b", false);
    live = apply.apply("k", live, json("{'metadata':{'name':'a'}}"), "a", false);

    assertThat(live.path("metadata").path("finalizers").toString()).isEqualTo("[\"other\"]");
    assertThat(live.path("spec").path("x").asInt()).as("still applied by b").isEqualTo(1);
  }

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }
}
