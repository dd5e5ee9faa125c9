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

/** A Milvus collection alias, managed as a Kubernetes object. */
@JsonClassDescription("A Milvus collection alias managed as code: the operator creates it, re-points it atomically when spec.collectionName changes, and drops it on delete.")
@Group(MilvusAlias.GROUP)
// Named, not derived: fabric8 would otherwise run its pluralizer on every object it deserializes.
@Plural("milvusaliases")
@Version(MilvusAlias.VERSION)
@ShortNames("malias")
@Categories("milvus")
@AdditionalPrinterColumn(name = "ALIAS", jsonPath = ".spec.alias", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "COLLECTION", jsonPath = ".status.collectionName", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Collection the alias points to, as last bound by the operator")
@AdditionalPrinterColumn(name = "DATABASE", jsonPath = ".status.database", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "DESIRED", jsonPath = ".spec.collectionName", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "TARGET ROWS", jsonPath = ".status.targetRowCount", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1,
        getDescription = "Approximate rows of the desired collection at the last row-count check")
@AdditionalPrinterColumn(name = "CURRENT ROWS", jsonPath = ".status.currentRowCount", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1,
        getDescription = "Approximate rows of the collection the alias pointed at, at that check")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MilvusAlias extends CustomResource<MilvusAliasSpec, MilvusAliasStatus> implements Namespaced {

    public static final String GROUP = "milvus.io";
    public static final String VERSION = "v1alpha1";

    @Override
    @JsonPropertyDescription("Desired state, written by you.")
    public MilvusAliasSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator.")
    public MilvusAliasStatus getStatus() {
        return super.getStatus();
    }
}
