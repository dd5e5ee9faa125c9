package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Milvus server that MilvusAlias resources in the same namespace can refer to. */
@JsonClassDescription("A Milvus server, and how to log in to it, for MilvusAlias resources in the same namespace.")
@Group(MilvusAlias.GROUP)
// Named, not derived: fabric8 would otherwise run its pluralizer on every object it deserializes.
@Plural("milvusconnections")
@Version(MilvusAlias.VERSION)
@ShortNames("mconn")
@Categories("milvus")
@AdditionalPrinterColumn(name = "URI", jsonPath = ".spec.uri", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "VERSION", jsonPath = ".status.serverVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MilvusConnection extends CustomResource<MilvusConnectionSpec, MilvusConnectionStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("Desired state, written by you.")
    public MilvusConnectionSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator.")
    public MilvusConnectionStatus getStatus() {
        return super.getStatus();
    }
}
