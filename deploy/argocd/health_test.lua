-- Table tests for health.lua: one case per row, each an object and the health Argo CD should show for it.
-- ArgoHealthLuaTest loads this file, then runs health.lua once per case with `obj` set, in a Lua 5.1 VM that
-- opens only what Argo CD opens for a health check (base, table, package, os.time/os.date: no string library).
-- A case without `message` checks the status, and only that the message is a string.

-- An object of `kind` at metadata.generation 2 whose status describes generation `observed` and
-- carries a Ready condition with `ready` (status) and `reason`, unless those are nil.
local function resource(kind, ready, reason, observed, annotations)
  local o = {
    apiVersion = "milvus.io/v1alpha1",
    kind = kind,
    metadata = { name = "products", namespace = "team-a", generation = 2, annotations = annotations },
    status = { observedGeneration = observed or 2, conditions = {} }
  }
  if ready ~= nil then
    table.insert(o.status.conditions,
      { type = "Ready", status = ready, reason = reason, message = "msg " .. tostring(reason),
        observedGeneration = observed or 2, lastTransitionTime = "2025-01-01T00:00:00Z" })
  end
  return o
end

local function alias(ready, reason, observed, annotations)
  return resource("MilvusAlias", ready, reason, observed, annotations)
end

local function connection(ready, reason, observed, annotations)
  return resource("MilvusConnection", ready, reason, observed, annotations)
end

local cases = {
  -- Healthy: Ready=True on the current generation.
  { name = "alias bound", obj = alias("True", "Bound"), status = "Healthy", message = "msg Bound" },
  { name = "connection connected", obj = connection("True", "Connected"), status = "Healthy",
    message = "msg Connected" },

  -- Progressing: nothing to judge yet, or judged on an older spec.
  { name = "no status", obj = { kind = "MilvusAlias", metadata = { generation = 1 } }, status = "Progressing",
    message = "Waiting for the operator to report status" },
  { name = "status without conditions", obj = alias(nil, nil), status = "Progressing",
    message = "Waiting for the Ready condition" },
  { name = "status with other conditions only",
    obj = { kind = "MilvusAlias", metadata = { generation = 1 },
            status = { observedGeneration = 1, conditions = { { type = "Other", status = "True" } } } },
    status = "Progressing", message = "Waiting for the Ready condition" },
  { name = "observedGeneration behind, Ready=True", obj = alias("True", "Bound", 1), status = "Progressing",
    message = "Waiting for the operator to observe generation 2" },
  { name = "observedGeneration missing",
    obj = { kind = "MilvusAlias", metadata = { generation = 3 },
            status = { conditions = { { type = "Ready", status = "True", reason = "Bound" } } } },
    status = "Progressing", message = "Waiting for the operator to observe generation 3" },
  { name = "observedGeneration behind, Ready=False degraded reason", obj = alias("False", "InvalidSpec", 1),
    status = "Progressing" },
  { name = "Ready=Unknown", obj = alias("Unknown", "MilvusUnavailable"), status = "Progressing" },

  -- Suspended: paused by annotation or by reason.
  { name = "paused annotation", obj = alias("True", "Bound", 2, { ["milvus.io/paused"] = "true" }),
    status = "Suspended", message = "msg Bound" },
  { name = "paused annotation without status",
    obj = { kind = "MilvusAlias", metadata = { generation = 1, annotations = { ["milvus.io/paused"] = "true" } } },
    status = "Suspended", message = "Paused by annotation milvus.io/paused" },
  { name = "paused annotation on a connection",
    obj = connection("False", "MilvusUnavailable", 2, { ["milvus.io/paused"] = "true" }), status = "Suspended" },
  { name = "paused annotation false", obj = alias("True", "Bound", 2, { ["milvus.io/paused"] = "false" }),
    status = "Healthy" },
  { name = "other annotations", obj = alias("True", "Bound", 2, { ["example.com/x"] = "true" }), status = "Healthy" },
  { name = "Ready reason Paused", obj = alias("False", "Paused"), status = "Suspended", message = "msg Paused" },

  -- Unknown reasons surface as Degraded rather than hang a sync.
  { name = "unknown reason", obj = alias("False", "SomethingNew"), status = "Degraded",
    message = "Unknown reason SomethingNew: msg SomethingNew" },
}

-- Ready=False reasons, for both kinds.
local progressingReasons = { "WaitingForTargetLoaded", "MilvusUnavailable", "CollectionNotFound",
  "DatabaseNotFound", "ConnectionNotFound", "SecretNotFound", "Deleting", "InUse", "UnexpectedError" }
local degradedReasons = { "AliasConflict", "AliasOwnedElsewhere", "AliasNameTaken", "InvalidSpec",
  "IncompatibleSchema", "Unauthenticated", "PermissionDenied", "ConnectionNotAllowed" }
for _, make in ipairs({ { "alias", alias }, { "connection", connection } }) do
  for _, reason in ipairs(progressingReasons) do
    table.insert(cases, { name = make[1] .. " " .. reason, obj = make[2]("False", reason),
      status = "Progressing", message = "msg " .. reason })
  end
  for _, reason in ipairs(degradedReasons) do
    table.insert(cases, { name = make[1] .. " " .. reason, obj = make[2]("False", reason),
      status = "Degraded", message = "msg " .. reason })
  end
end

return cases
