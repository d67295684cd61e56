-- Headless Neovim as a second LSP client. It loads the README's Neovim 0.7 configuration as a user would
-- (jobsentinel-0.7.lua, quoted verbatim in the README; the server is found on PATH), opens a manifest,
-- then writes what the editor holds (its diagnostics and a hover) to a JSON file.
local manifest = assert(os.getenv('JOBSENTINEL_MANIFEST'), 'JOBSENTINEL_MANIFEST not set')
local out = assert(os.getenv('JOBSENTINEL_OUT'), 'JOBSENTINEL_OUT not set')
local config = assert(os.getenv('JOBSENTINEL_NVIM_CONFIG'), 'JOBSENTINEL_NVIM_CONFIG not set')
local hover_line = tonumber(os.getenv('JOBSENTINEL_HOVER_LINE') or '0')
local hover_col = tonumber(os.getenv('JOBSENTINEL_HOVER_COL') or '0')

local function finish(report)
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(report))
  file:close()
  vim.cmd('qa!')
end

vim.cmd('filetype on')
dofile(config)
vim.cmd('edit ' .. vim.fn.fnameescape(manifest))
local bufnr = vim.api.nvim_get_current_buf()

local shown_any = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
if not shown_any then
  finish({ error = 'no diagnostics within 20 s' })
  return
end
-- Let the handler settle, then read back what Neovim itself now shows for the buffer.
vim.wait(200)
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
