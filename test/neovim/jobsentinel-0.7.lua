-- jobsentinel in Neovim 0.7 and later: one language server for the session, attached to every YAML
-- and JSON buffer. Its root is the folder Neovim was started in (the workspace scan reads it).
local jobsentinel_client = nil
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'yaml', 'json' },
  callback = function(args)
    if not jobsentinel_client then
      jobsentinel_client = vim.lsp.start_client({
        name = 'jobsentinel',
        cmd = { 'jobsentinel-language-server', '--stdio' },
        root_dir = vim.fn.getcwd(),
      })
    end
    if jobsentinel_client then
      vim.lsp.buf_attach_client(args.buf, jobsentinel_client)
    end
  end,
})
