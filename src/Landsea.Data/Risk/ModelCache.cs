using Landsea.Exchange.Storage;
using Landsea.Risk;

namespace Landsea.Data.Risk;

/// <summary>
/// The promoted model, loaded once per model id. Every read asks the registry which model is promoted (one small
/// query), so a promotion or roll-back by another process (the CLI) takes effect on the next declaration.
/// </summary>
public sealed class ModelCache(IRiskModelEngine? engine) : IDisposable
{
    private readonly Lock _gate = new();
    private IRiskModel? _model;

    /// <summary>True when this host can load and train models (Landsea.Risk is present).</summary>
    public bool EngineAvailable => engine is not null;

    /// <summary>The promoted model as <paramref name="work"/> sees it, or null (rules only); the problem says why a promoted model is not used.</summary>
    public async Task<(IRiskModel? Model, string? Problem)> PromotedAsync(UnitOfWork work)
    {
        string? id = await RiskStore.PromotedModelIdAsync(work);
        if (id is null)
        {
            return (null, null);
        }

        lock (_gate)
        {
            if (_model?.ModelId == id)
            {
                return (_model, null);
            }
        }

        if (engine is null)
        {
            return (null, $"model {id} is promoted but this host has no model engine (Landsea.Risk); scored with rules only");
        }

        byte[]? bytes = await RiskStore.ModelBytesAsync(work, id);
        if (bytes is null)
        {
            return (null, $"model {id} is promoted but not in the registry; scored with rules only");
        }

        Landsea.Shared.Result<IRiskModel> loaded = engine.Load(bytes);
        if (!loaded.IsValid)
        {
            return (null, $"model {id} cannot be loaded ({loaded.Failure!.Reason}); scored with rules only");
        }

        lock (_gate)
        {
            // Superseded models are not disposed here: a concurrent scorer may still hold them; they are small and rare.
            _model = loaded.Value;
            return (_model, null);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _model?.Dispose();
            _model = null;
        }
    }
}
