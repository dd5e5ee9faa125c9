package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The alias this resource declares: which collection it must point to, in which Milvus. */
@JsonClassDescription("The alias to manage and the collection it must point to.")
@ValidationRule(value = "self.alias != self.collectionName",
        message = "alias and collectionName must differ: Milvus aliases and collections share one namespace")
@ValidationRule(value = "has(self.database) == has(oldSelf.database) && (!has(self.database) || self.database == oldSelf.database)",
        message = "database is immutable; create a new MilvusAlias instead", reason = "FieldValueForbidden")
@JsonIgnoreProperties(ignoreUnknown = true)
public class MilvusAliasSpec {

    @Required
    @ValidationRule(value = "self == oldSelf", message = "connectionRef is immutable; create a new MilvusAlias instead")
    @JsonPropertyDescription("Where Milvus is and how to log in: a MilvusConnection in the same namespace, or (kind: ClusterMilvusConnection) a cluster-wide connection that allows this namespace. Immutable.")
    private ConnectionReference connectionRef;

    @Pattern(MilvusNames.PATTERN)
    @Size(max = MilvusNames.MAX_LENGTH)
    @JsonPropertyDescription("Milvus database of the alias. Defaults to the connection's database, then to 'default'. Immutable.")
    private String database;

    @Required
    @Pattern(MilvusNames.PATTERN)
    @Size(min = 1, max = MilvusNames.MAX_LENGTH)
    @ValidationRule(value = "self == oldSelf", message = "alias is immutable; create a new MilvusAlias instead")
    @JsonPropertyDescription("Name of the alias in Milvus: a letter or '_', then letters, digits or '_'. Immutable.")
    private String alias;

    @Required
    @Pattern(MilvusNames.PATTERN)
    @Size(min = 1, max = MilvusNames.MAX_LENGTH)
    @JsonPropertyDescription("Collection the alias must point to. Changing it re-points the alias atomically (AlterAlias).")
    private String collectionName;

    @Default("Delete")
    @JsonPropertyDescription("Delete drops the alias when this resource is deleted (only if it still points at the collection this resource bound); Orphan leaves it in Milvus.")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

    @Default("IfMatching")
    @JsonPropertyDescription("An alias that existed before this resource: IfMatching (default) adopts it only if it already points at collectionName, Always takes it over and switches it, Never refuses it.")
    private AdoptionPolicy adoption = AdoptionPolicy.IfMatching;

    @JsonPropertyDescription("Safety checks before creating the alias on, or switching it to, a collection.")
    private SwitchPolicy switchPolicy;

    public AdoptionPolicy getAdoption() {
        return adoption;
    }

    public void setAdoption(AdoptionPolicy adoption) {
        this.adoption = adoption;
    }

    public SwitchPolicy getSwitchPolicy() {
        return switchPolicy;
    }

    public void setSwitchPolicy(SwitchPolicy switchPolicy) {
        this.switchPolicy = switchPolicy;
    }

    public ConnectionReference getConnectionRef() {
        return connectionRef;
    }

    public void setConnectionRef(ConnectionReference connectionRef) {
        this.connectionRef = connectionRef;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getAlias() {
        return alias;
    }

    public void setAlias(String alias) {
        this.alias = alias;
    }

    public String getCollectionName() {
        return collectionName;
    }

    public void setCollectionName(String collectionName) {
        this.collectionName = collectionName;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }
}
