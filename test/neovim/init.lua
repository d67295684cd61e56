-- Headless Neovim as a second LSP client: attach the jobsentinel server to a manifest with the
-- built-in client, then write what the editor holds (its diagnostics and a hover) to a JSON file.
-- Uses vim.lsp.start_client + buf_attach_client, which exist from Neovim 0.6 on (vim.lsp.start is 0.8+).
local server = assert(os.getenv('JOBSENTINEL_SERVER'), 'JOBSENTINEL_SERVER not set')
local manifest = assert(os.getenv('JOBSENTINEL_MANIFEST'), 'JOBSENTINEL_MANIFEST not set')
local out = assert(os.getenv('JOBSENTINEL_OUT'), 'JOBSENTINEL_OUT not set')
local hover_line = tonumber(os.getenv('JOBSENTINEL_HOVER_LINE') or '0')
local hover_col = tonumber(os.getenv('JOBSENTINEL_HOVER_COL') or '0')

local function finish(report)
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(report))
  file:close()
  vim.cmd('qa!')
end

vim.cmd('filetype on')
vim.cmd('edit ' .. vim.fn.fnameescape(manifest))
local bufnr = vim.api.nvim_get_current_buf()
local done = false

local client_id = vim.lsp.start_client({
  name = 'jobsentinel',
  cmd = { server, '--stdio' },
  root_dir = vim.fn.fnamemodify(manifest, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      if done or #result.diagnostics == 0 then return end
      done = true
      -- Let the handler settle, then read back what Neovim itself now shows for the buffer.
      vim.defer_fn(function()
        local shown = {}
        for _, d in ipairs(vim.diagnostic.get(bufnr)) do
          local lsp = (d.user_data or {}).lsp or {}
          table.insert(shown, {
            lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
            severity = d.severity, message = d.message, source = d.source, code = lsp.code,
          })
        end
        local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = hover_line, character = hover_col } }
        local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 5000) or {}
        local hover = nil
        for _, response in pairs(responses) do
          if response.result then hover = response.result.contents.value end
        end
        finish({ diagnostics = shown, hover = hover })
      end, 100)
    end,
  },
})
if not client_id then finish({ error = 'the client did not start' }) end
vim.lsp.buf_attach_client(bufnr, client_id)

vim.defer_fn(function()
  if not done then finish({ error = 'no diagnostics within 20 s' }) end
end, 20000)
