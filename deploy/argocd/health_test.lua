-- Table tests for health.lua, run with Debian's lua5.1 (the Lua version Argo CD embeds):
--   lua5.1 deploy/argocd/health_test.lua
-- Prints one line per failure and "N passed, M failed"; exits non-zero on any failure.

local dir = arg[0]:match("^(.*)/[^/]*$") or "."
local script = assert(loadfile(dir .. "/health.lua"))

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

local passed, failed = 0, 0
for _, case in ipairs(cases) do
  obj = case.obj
  local ok, hs = pcall(script)
  local problem = nil
  if not ok then
    problem = "error: " .. tostring(hs)
  elseif type(hs) ~= "table" then
    problem = "returned " .. type(hs) .. ", not a table"
  elseif hs.status ~= case.status then
    problem = "status " .. tostring(hs.status) .. ", want " .. case.status
  elseif case.message ~= nil and hs.message ~= case.message then
    problem = "message " .. string.format("%q", tostring(hs.message)) .. ", want " .. string.format("%q", case.message)
  elseif type(hs.message) ~= "string" then
    problem = "message is " .. type(hs.message)
  end
  if problem == nil then
    passed = passed + 1
  else
    failed = failed + 1
    print("FAIL " .. case.name .. ": " .. problem)
  end
end

print(passed .. " passed, " .. failed .. " failed")
if failed > 0 then
  os.exit(1)
end
