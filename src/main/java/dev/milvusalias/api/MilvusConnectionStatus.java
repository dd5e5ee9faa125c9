package dev.milvusalias.api;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;


/** What the operator last saw when it talked to this Milvus. */
@JsonClassDescription("What the operator last saw when it connected to this Milvus.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class MilvusConnectionStatus extends ReadyStatus {



    @JsonPropertyDescription("Version reported by the Milvus server.")
    private String serverVersion;

    public String getServerVersion() {
        return serverVersion;
    }

    public void setServerVersion(String serverVersion) {
        this.serverVersion = serverVersion;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MilvusConnectionStatus other
                && sameReadyState(other)
                && Objects.equals(serverVersion, other.serverVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getObservedGeneration(), getConditions(), serverVersion);
    }
}
